using System.Diagnostics;

namespace ActorMail.Bench;

/// <summary>POP3 client side of the protocol-level sub-commands: counts and reads users' messages to check delivery.</summary>
static class Pop3Probe
{
    /// <summary>Polls POP3 STAT of every user until `expected` new messages are there or the deadline passes.</summary>
    public static async Task<(int Delivered, double Secs)> AwaitDeliveryAsync(ProtocolOptions o, string[] users, int[] before, int expected,
        Stopwatch sw, TimeSpan timeout)
    {
        var deadline = sw.Elapsed + timeout;
        int delivered = 0;
        while (true)
        {
            var now = await CountAllAsync(o, users);
            delivered = now.Select((n, i) => n - before[i]).Sum();
            if (delivered >= expected || sw.Elapsed > deadline) return (delivered, sw.Elapsed.TotalSeconds);
            await Task.Delay(100);
        }
    }

    /// <summary>POP3 STAT message count of every user, in the order of <paramref name="users"/>.</summary>
    public static async Task<int[]> CountAllAsync(ProtocolOptions o, string[] users) =>
        await Task.WhenAll(BoundedParallel.Partition(users, 10, u => Pop3CountAsync(o, u)));

    private static async Task<LineClient> Pop3LoginAsync(ProtocolOptions o, string user)
    {
        for (int attempt = 0; ; attempt++)
        {
            var c = await LineClient.ConnectAsync(o.Host, o.Pop3Port, o.IoTimeout);
            string reply = await c.ReadLineAsync();
            if (reply.StartsWith("+OK", StringComparison.Ordinal))
            {
                await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"USER {user}\r\n"));
                reply = await c.ReadLineAsync();
                if (reply.StartsWith("+OK", StringComparison.Ordinal))
                {
                    await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"PASS {o.Password}\r\n"));
                    reply = await c.ReadLineAsync();
                    if (reply.StartsWith("+OK", StringComparison.Ordinal)) return c;
                }
            }
            await c.DisposeAsync();
            // A maildrop still locked by a session that is closing answers -ERR [IN-USE]: retry, bounded.
            if (attempt >= 50) throw new InvalidOperationException($"POP3 login {user}: {reply}");
            await Task.Delay(100);
        }
    }

    private static async Task<int> Pop3CountAsync(ProtocolOptions o, string user)
    {
        await using var c = await Pop3LoginAsync(o, user);
        await c.WriteAsync("STAT\r\n"u8.ToArray());
        var stat = await c.ReadLineAsync();
        var parts = stat.Split(' ');
        if (parts.Length < 2 || parts[0] != "+OK") throw new InvalidOperationException($"STAT {user}: {stat}");
        await c.QuitAsync("QUIT");
        return int.Parse(parts[1]);
    }

    /// <summary>RETRs every message after the first `skip` and counts those carrying this run's X-Bench-Run tag.</summary>
    public static async Task<int> CountTaggedAsync(ProtocolOptions o, string user, int skip, string tag)
    {
        await using var c = await Pop3LoginAsync(o, user);
        await c.WriteAsync("STAT\r\n"u8.ToArray());
        int n = int.Parse((await c.ReadLineAsync()).Split(' ')[1]);
        int found = 0;
        var marker = "X-Bench-Run: " + tag;
        for (int i = skip + 1; i <= n; i++)
        {
            await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"RETR {i}\r\n"));
            var first = await c.ReadLineAsync();
            if (!first.StartsWith("+OK", StringComparison.Ordinal)) continue;
            bool hit = false;
            for (var line = await c.ReadLineAsync(); line != "."; line = await c.ReadLineAsync())
                if (!hit && line == marker) hit = true;
            if (hit) found++;
        }
        await c.QuitAsync("QUIT");
        return found;
    }
}
