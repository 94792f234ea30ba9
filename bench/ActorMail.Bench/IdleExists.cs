using System.Diagnostics;

namespace ActorMail.Bench;

/// <summary>
/// idle-exists: N IMAP clients log in, select INBOX and IDLE; then one message is sent over SMTP to
/// each of their users; every client must see its untagged EXISTS within a second of the 250.
/// Prints how many did, and the p50/p99/max delay. Exit 0 only when all did.
/// </summary>
static class IdleExists
{
    public static async Task<int> RunAsync(Func<string, string, string> opt)
    {
        string host = opt("--host", "127.0.0.1"), domain = opt("--domain", "bench.test"), password = opt("--password", "pass");
        int imapPort = int.Parse(opt("--imap-port", "12143")), smtpPort = int.Parse(opt("--smtp-port", "12525"));
        int clients = int.Parse(opt("--clients", "1000")), users = int.Parse(opt("--users", "100")), first = int.Parse(opt("--first-user", "1"));
        var timeout = TimeSpan.FromSeconds(60);
        var idlers = new LineClient[clients];
        var userOf = Enumerable.Range(0, clients).Select(i => $"u{first + i % users}@{domain}").ToArray();
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var c = await LineClient.ConnectAsync(host, imapPort, timeout);
                await c.ReadLineAsync();
                await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"a LOGIN {userOf[i]} {password}\r\nb SELECT INBOX\r\nc IDLE\r\n"));
                string line;
                do line = await c.ReadLineAsync(); while (!line.StartsWith('+'));
                idlers[i] = c;
            }
            finally
            {
                gate.Release();
            }
        }));
        Console.Error.WriteLine($"idle-exists: {clients} clients idling");

        // One message per user; remember when its 250 arrived.
        var acked = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var watchers = Enumerable.Range(0, clients).Select(async i =>
        {
            var c = idlers[i];
            while (true)
            {
                var line = await c.ReadLineAsync();
                if (line.StartsWith("* ", StringComparison.Ordinal) && line.EndsWith(" EXISTS", StringComparison.Ordinal))
                    return (User: userOf[i], At: Stopwatch.GetTimestamp());
            }
        }).ToArray();
        var smtp = await LineClient.ConnectAsync(host, smtpPort, timeout);
        await smtp.SmtpReplyAsync();
        await smtp.WriteAsync("EHLO bench.test\r\n"u8.ToArray());
        await smtp.SmtpReplyAsync();
        foreach (var user in userOf.Distinct())
        {
            await smtp.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                $"MAIL FROM:<a@{domain}>\r\nRCPT TO:<{user}>\r\nDATA\r\n"));
            await smtp.SmtpReplyAsync(); await smtp.SmtpReplyAsync(); await smtp.SmtpReplyAsync();
            await smtp.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"Subject: idle check\r\n\r\nfor {user}\r\n.\r\n"));
            var (code, text) = await smtp.SmtpReplyAsync();
            if (code != 250) throw new InvalidOperationException("SMTP: " + text);
            acked[user] = Stopwatch.GetTimestamp();
        }
        await smtp.QuitAsync("QUIT");
        var seen = await Task.WhenAll(watchers.Select(async w =>
        {
            try { return await w.WaitAsync(TimeSpan.FromSeconds(30)); }
            catch (Exception e) when (e is TimeoutException or IOException or OperationCanceledException) { return (User: "", At: 0L); }
        }));
        var delays = seen.Where(s => s.At != 0)
            .Select(s => Math.Max(0, Stopwatch.GetElapsedTime(acked[s.User], s.At).TotalMilliseconds)).OrderBy(d => d).ToArray();
        int withinSecond = delays.Count(d => d <= 1000);
        double P(double q) => Percentile.Of(delays, q, double.NaN);
        Console.WriteLine($"{{\"clients\": {clients}, \"exists_seen\": {delays.Length}, \"within_1s\": {withinSecond}, " +
            $"\"p50_ms\": {P(0.5):F1}, \"p99_ms\": {P(0.99):F1}, \"max_ms\": {(delays.Length == 0 ? double.NaN : delays[^1]):F1}}}");
        foreach (var c in idlers) await c.DisposeAsync();
        return withinSecond == clients ? 0 : 1;
    }
}
