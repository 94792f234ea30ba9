using System.Diagnostics;
using ActorMail.Core;
using ActorMail.Host.Node;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Storage.Persistence;
using Akka.Actor;

namespace ActorMail.Bench;

/// <summary>recovery: fills one mailbox with K messages, then times three cold starts to its first answer.</summary>
static class RecoveryBench
{
    public static async Task RunAsync(Func<string, string, string> opt, string dir, string conn)
    {
        int messages = int.Parse(opt("--messages", "100000"));
        const string account = "big@bench.test";
        var blobRef = new BlobRef(new string('a', 64), 10240);
        {
            await using var rt = await NodeRuntime.StartAsync(RuntimeMode.Tool, dir, StoreProvider.Sqlite, conn, "127.0.0.1", 0, SystemClock.Instance, CancellationToken.None);
            var sw = Stopwatch.StartNew();
            const int window = 2000;
            for (int start = 0; start < messages; start += window)
            {
                int count = Math.Min(window, messages - start);
                await Task.WhenAll(Enumerable.Range(start, count).Select(i =>
                    rt.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, new DeliverMessage("fill:" + i, blobRef, blobRef.Length, DateTimeOffset.UtcNow)), TimeSpan.FromSeconds(120))));
            }
            Console.WriteLine($"recovery: filled {messages} messages in {sw.Elapsed.TotalSeconds:F1} s ({messages / sw.Elapsed.TotalSeconds:F0} msg/s into one mailbox)");
        }
        for (int run = 0; run < 3; run++)
        {
            await using var rt = await NodeRuntime.StartAsync(RuntimeMode.Tool, dir, StoreProvider.Sqlite, conn, "127.0.0.1", 0, SystemClock.Instance, CancellationToken.None);
            var sw = Stopwatch.StartNew();
            var resp = await rt.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, new FolderStatusQuery("INBOX")), TimeSpan.FromSeconds(120));
            Console.WriteLine($"  run {run + 1}: recovered {(resp.Result as FolderStatus)?.Messages} messages in {sw.Elapsed.TotalMilliseconds:F0} ms");
        }
    }
}
