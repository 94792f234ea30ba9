using System.Diagnostics;

namespace ActorMail.Bench;

/// <summary>seed: every user gets the first PER-USER messages of the mbox, in order, over SMTP; waits until POP3 shows them.</summary>
static class MboxSeed
{
    public static async Task<int> RunAsync(ProtocolOptions o, Func<string, string, string> opt)
    {
        int userCount = int.Parse(opt("--users", "20"));
        int firstUser = int.Parse(opt("--first-user", "21"));
        int perUser = int.Parse(opt("--per-user", "500"));
        int sessions = int.Parse(opt("--sessions", "8"));
        var mbox = opt("--mbox", "/tmp/bench.mbox");
        var deliverTimeout = TimeSpan.FromSeconds(double.Parse(opt("--deliver-timeout", "600"), System.Globalization.CultureInfo.InvariantCulture));
        var msgs = ReadMbox(mbox, perUser);
        if (msgs.Count < perUser) throw new InvalidOperationException($"{mbox} has only {msgs.Count} messages");
        var users = Enumerable.Range(firstUser, userCount).Select(i => $"u{i}@{o.Domain}").ToArray();
        var before = await Pop3Probe.CountAllAsync(o, users);
        var jobs = new System.Collections.Concurrent.ConcurrentQueue<string>(users);
        long bytes = 0;
        int sent = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(sessions, users.Length)).Select(_ => Task.Run(async () =>
        {
            await using var c = await SmtpSubmitter.OpenSmtpAsync(o);
            while (jobs.TryDequeue(out var user))
            {
                foreach (var m in msgs)
                {
                    var (ok, _, err) = await SmtpSubmitter.SendAsync(c, o.Sender, user, m);
                    if (!ok) throw new InvalidOperationException($"seed {user}: {err}");
                    Interlocked.Add(ref bytes, m.Length);
                    Interlocked.Increment(ref sent);
                }
            }
            await c.QuitAsync("QUIT");
        })));
        var sendSecs = sw.Elapsed.TotalSeconds;
        var (delivered, secs) = await Pop3Probe.AwaitDeliveryAsync(o, users, before, sent, sw, deliverTimeout);
        var result = new Dictionary<string, object>
        {
            ["users"] = userCount, ["sent"] = sent, ["mbytes"] = Math.Round(bytes / 1e6, 1), ["send_secs"] = Math.Round(sendSecs, 3),
            ["delivered"] = delivered, ["secs"] = Math.Round(secs, 3), ["msgs_per_s"] = Math.Round(delivered / secs, 1),
            ["complete"] = delivered == sent,
        };
        JsonLine.Write(result);
        return delivered == sent ? 0 : 2;
    }

    // The messages of an mbox as CRLF text, ">From " unescaped and dot-stuffed for DATA.
    private static List<byte[]> ReadMbox(string path, int limit)
    {
        var result = new List<byte[]>();
        System.Text.StringBuilder? cur = null;
        foreach (var raw in File.ReadLines(path, System.Text.Encoding.Latin1))
        {
            if (raw.StartsWith("From ", StringComparison.Ordinal))
            {
                if (cur != null) result.Add(System.Text.Encoding.Latin1.GetBytes(cur.ToString()));
                if (result.Count >= limit) return result;
                cur = new System.Text.StringBuilder();
                continue;
            }
            if (cur == null) continue;
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(">From ", StringComparison.Ordinal)) line = line[1..];
            if (line.StartsWith('.')) cur.Append('.');
            cur.Append(line).Append("\r\n");
        }
        if (cur != null && result.Count < limit) result.Add(System.Text.Encoding.Latin1.GetBytes(cur.ToString()));
        return result;
    }
}
