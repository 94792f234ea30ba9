using System.Diagnostics;

namespace ActorMail.Bench;

/// <summary>
/// smtp-latency: N sessions, M messages of SIZE bytes round-robin over U users; accepted msgs/s and the
/// latency from the final "." to its 250; then delivered msgs/s (POP3 STAT) and a RETR of every new message.
/// </summary>
static class SmtpLatency
{
    public static async Task<int> RunAsync(ProtocolOptions o, Func<string, string, string> opt)
    {
        int sessions = int.Parse(opt("--sessions", "20"));
        int messages = int.Parse(opt("--messages", "5000"));
        int userCount = int.Parse(opt("--users", "100"));
        int firstUser = int.Parse(opt("--first-user", "1"));
        int size = int.Parse(opt("--size", "10240"));
        var maxSecs = TimeSpan.FromSeconds(double.Parse(opt("--max-secs", "300"), System.Globalization.CultureInfo.InvariantCulture));
        var deliverTimeout = TimeSpan.FromSeconds(double.Parse(opt("--deliver-timeout", "300"), System.Globalization.CultureInfo.InvariantCulture));
        var users = Enumerable.Range(firstUser, userCount).Select(i => $"u{i}@{o.Domain}").ToArray();
        var tag = Guid.NewGuid().ToString("N")[..12];

        var before = await Pop3Probe.CountAllAsync(o, users);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        int next = -1, errors = 0;
        var firstErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => Task.Run(async () =>
        {
            LineClient? c = null;
            int myErrors = 0;
            try
            {
                while (sw.Elapsed < maxSecs && myErrors < 20)
                {
                    int n = Interlocked.Increment(ref next);
                    if (n >= messages) return;
                    var to = users[n % users.Length];
                    try
                    {
                        c ??= await SmtpSubmitter.OpenSmtpAsync(o);
                        var (ok, ms, err) = await SmtpSubmitter.SendAsync(c, o.Sender, to, MakeMessage(tag, n, to, o.Sender, size));
                        if (ok) latencies.Add(ms);
                        else { myErrors++; Interlocked.Increment(ref errors); if (firstErrors.Count < 5) firstErrors.Enqueue(err); }
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                    {
                        myErrors++;
                        Interlocked.Increment(ref errors);
                        if (firstErrors.Count < 5) firstErrors.Enqueue(e.Message);
                        if (c != null) await c.DisposeAsync();
                        c = null;
                    }
                }
            }
            finally
            {
                if (c != null) { await c.QuitAsync("QUIT"); await c.DisposeAsync(); }
            }
        })));
        var acceptSecs = sw.Elapsed.TotalSeconds;
        int accepted = latencies.Count;
        var (delivered, deliverSecs) = await Pop3Probe.AwaitDeliveryAsync(o, users, before, accepted, sw, deliverTimeout);
        int readable = (await Task.WhenAll(BoundedParallel.Partition(users.Select((u, i) => (u, i)), 10, async x => await Pop3Probe.CountTaggedAsync(o, x.u, before[x.i], tag)))).Sum();
        var sorted = latencies.OrderBy(x => x).ToArray();
        double P(double q) => Percentile.Of(sorted, q, 0);
        var result = new Dictionary<string, object>
        {
            ["smtp_port"] = o.SmtpPort, ["sessions"] = sessions, ["messages"] = messages, ["users"] = userCount, ["size"] = size,
            ["accepted"] = accepted, ["errors"] = errors, ["accept_secs"] = Math.Round(acceptSecs, 3),
            ["accepted_msgs_per_s"] = Math.Round(accepted / acceptSecs, 1),
            ["p50_ms"] = Math.Round(P(0.50), 2), ["p90_ms"] = Math.Round(P(0.90), 2), ["p99_ms"] = Math.Round(P(0.99), 2), ["max_ms"] = Math.Round(P(1.0), 2),
            ["delivered"] = delivered, ["end_to_end_secs"] = Math.Round(deliverSecs, 3),
            ["delivered_msgs_per_s"] = Math.Round(delivered / deliverSecs, 1), ["readable"] = readable,
            ["complete"] = delivered >= accepted && readable == accepted && accepted == messages,
            ["first_errors"] = firstErrors.ToArray(),
        };
        JsonLine.Write(result);
        return accepted == messages && readable == accepted ? 0 : 2;
    }

    private static byte[] MakeMessage(string tag, int n, string to, string from, int size)
    {
        var sb = new System.Text.StringBuilder(size + 100);
        sb.Append($"From: <{from}>\r\nTo: <{to}>\r\nSubject: bench {n}\r\nMessage-ID: <{tag}.{n}@bench.test>\r\nX-Bench-Run: {tag}\r\n\r\n");
        const string filler = "The quick brown fox jumps over the lazy dog while the mail server keeps every byte. ";
        int i = 0;
        while (sb.Length < size - 2)
        {
            int len = Math.Min(76, size - 2 - sb.Length);
            for (int k = 0; k < len; k++) sb.Append(filler[(i + k) % filler.Length]);
            i += 7;
            sb.Append("\r\n");
        }
        return System.Text.Encoding.ASCII.GetBytes(sb.ToString());
    }
}
