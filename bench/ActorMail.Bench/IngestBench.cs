using System.Diagnostics;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Host.Node;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Storage.Persistence;
using Akka.Actor;

namespace ActorMail.Bench;

/// <summary>
/// ingest: N messages of SIZE bytes from P producers into M mailboxes of an in-process node; each producer awaits
/// the durable acknowledgement (blob group commit + ingest log commit) before its next message.
/// </summary>
static class IngestBench
{
    public static async Task RunAsync(Func<string, string, string> opt, RuntimeMode mode, string dir, string conn)
    {
        int messages = int.Parse(opt("--messages", "20000"));
        int producers = int.Parse(opt("--producers", "20"));
        int mailboxes = int.Parse(opt("--mailboxes", "100"));
        int size = int.Parse(opt("--size", "10240"));
        await using var rt = await NodeRuntime.StartAsync(mode, dir, StoreProvider.Sqlite, conn, "127.0.0.1", 0, SystemClock.Instance, CancellationToken.None);
        var accounts = Enumerable.Range(1, mailboxes).Select(i => $"u{i}@bench.test").ToArray();
        // Warm up: wake every mailbox entity once.
        await Task.WhenAll(accounts.Select(a => rt.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(a, new FolderStatusQuery("INBOX")), TimeSpan.FromSeconds(60))));
        var latencies = new double[messages];
        int next = -1;
        var template = new byte[size];
        new Random(42).NextBytes(template);
        for (int i = 0; i < template.Length; i++) template[i] = (byte)(32 + template[i] % 90);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            while (true)
            {
                int n = Interlocked.Increment(ref next);
                if (n >= messages) return;
                var body = (byte[])template.Clone();
                var tag = System.Text.Encoding.ASCII.GetBytes($"Message-ID: <{n}.{p}@bench>\r\n");
                Buffer.BlockCopy(tag, 0, body, 0, tag.Length);
                var t0 = Stopwatch.GetTimestamp();
                var blob = await rt.Blobs.PutAsync(body);
                await rt.Summaries.PrimeAsync(blob, body);
                var rcpt = accounts[n % accounts.Length];
                var env = new MailEnvelope(MailAddress.Parse("sender@bench.test"), new[] { new EnvelopeRecipient(MailAddress.Parse(rcpt)) });
                var reply = await rt.Ingest.Ask(new IngestRequest(env, blob, new[] { rcpt }, Array.Empty<EnvelopeRecipient>()), TimeSpan.FromSeconds(60));
                if (reply is not IngestAccepted) throw new InvalidOperationException("rejected: " + reply);
                latencies[n] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        })));
        var acked = sw.Elapsed;
        // Wait until every message is visible in its mailbox.
        long visible = 0;
        while (true)
        {
            var counts = await Task.WhenAll(accounts.Select(a => rt.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(a, new FolderStatusQuery("INBOX")), TimeSpan.FromSeconds(60))));
            visible = counts.Sum(c => (long)((c.Result as FolderStatus)?.Messages ?? 0));
            if (visible >= messages || sw.Elapsed > acked + TimeSpan.FromMinutes(5)) break;
            await Task.Delay(50);
        }
        var all = sw.Elapsed;
        Array.Sort(latencies);
        Console.WriteLine($"ingest: {messages} x {size} B, {producers} producers, {mailboxes} mailboxes, mode {mode}");
        Console.WriteLine($"  acknowledged: {messages / acked.TotalSeconds:F0} msg/s  (p50 {latencies[messages / 2]:F1} ms, p99 {latencies[(int)(messages * 0.99)]:F1} ms)");
        Console.WriteLine($"  in mailboxes: {visible / all.TotalSeconds:F0} msg/s  ({visible} visible after {all.TotalSeconds:F1} s)");
        Console.WriteLine($"  blob fsyncs: {rt.Blobs.SyncCount} for {rt.Blobs.Count} blobs");
    }
}
