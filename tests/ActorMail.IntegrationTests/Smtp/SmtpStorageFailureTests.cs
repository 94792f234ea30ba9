using ActorMail.IntegrationTests.Transcripts;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>The store failing under a session: 452 4.3.1, the session goes on, nothing half-stored.</summary>
public sealed class SmtpStorageFailureTests
{
    private const string Greet = "S: 220 *\nC: EHLO client.test\nS: ...\nS: 250 SMTPUTF8\n";

    private static string Transaction(string subject, string body, string reply) =>
        "C: MAIL FROM:<bob@remote.test>\nS: 250 2.1.0 Sender OK\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Recipient OK\n" +
        $"C: DATA\nS: 354 *\nC: Subject: {subject}\nC:\nC: {body}\nC: .\n{reply}\n";

    private const string Accepted = "S~ ^250 2\\.0\\.0 OK: queued as \\S+$";
    private const string NoStorage = "S: 452 4.3.1 Insufficient system storage";

    [Fact]
    public async Task AFullDiskAnswers452AndTheSessionStoresTheNextMessageOnceSpaceIsBack()
    {
        // a 2 MiB file system under the blob store only: the journal and mailboxes keep working
        await using var disk = await SmallDisk.MountAsync(Path.Combine("data", "blobs"));
        await using var node = await TestNode.StartAsync(Listen.Smtp, dataDir: disk.Dir);
        await node.AddUserAsync("alice@example.test", "pw");
        long blobsBefore = node.Host.Runtime.Blobs.Count;
        var big = new string('x', 990);
        var lines = string.Join("\nC: ", Enumerable.Repeat(big, 3000)); // about 3 MB
        var t = Transcript.Parse("disk-full", Greet +
            Transaction("too big for the disk", lines, NoStorage) +
            "C: NOOP\nS: 250 2.0.0 OK\n" +
            Transaction("small", "fits", Accepted) +
            "C: QUIT\nS: 221*\nCLOSED\n");
        await TranscriptRunner.RunAsync(t, node.Endpoint("smtp"));

        await WaitForInboxAsync(node, "alice@example.test", 1);
        Assert.Contains("Subject: small\r\n", Assert.Single(await InboxAsync(node, "alice@example.test")));
        Assert.Equal(blobsBefore + 1, node.Host.Runtime.Blobs.Count);
        Assert.True(node.Host.Runtime.Blobs.TotalBytes < 10_000, "bytes " + node.Host.Runtime.Blobs.TotalBytes);
    }

    [Fact]
    public async Task AClosedBlobStoreAnswers452AndNothingIsIngested()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync("alice@example.test", "pw");
        await TranscriptRunner.RunAsync(Transcript.Parse("before", Greet + Transaction("stored", "one", Accepted) + "C: QUIT\nS: 221*\n"),
            node.Endpoint("smtp"));
        await WaitForInboxAsync(node, "alice@example.test", 1);

        node.Host.Runtime.Blobs.Dispose();
        await TranscriptRunner.RunAsync(Transcript.Parse("closed", Greet +
            Transaction("lost", "two", NoStorage) + "C: NOOP\nS: 250 2.0.0 OK\n" +
            Transaction("lost again", "three", NoStorage) + "C: QUIT\nS: 221*\nCLOSED\n"), node.Endpoint("smtp"));
        Assert.Equal(1, await InboxCountAsync(node, "alice@example.test"));
    }
}
