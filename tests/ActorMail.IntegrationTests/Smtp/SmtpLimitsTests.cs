using System.Text;
using ActorMail.IntegrationTests.Transcripts;
using ActorMail.Protocols.Smtp;
using ActorMail.Sessions.Smtp;
using ActorMail.Transport;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>Line limits over real sockets: AUTH lines up to 12,288 octets, DATA lines over the limit refused after the final dot.</summary>
public sealed class SmtpLimitsTests
{
    private const string Greet = "S: 220 *\nC: EHLO client.test\nS: ...\nS: 250 SMTPUTF8\n";

    private static string Plain(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + user + "\0" + password));

    [Fact]
    public async Task AuthLinesMayBeLongerThanCommandLinesUpTo12288Octets()
    {
        await using var node = await TestNode.StartAsync(Listen.Submission);
        var password = new string('p', 255);
        await node.AddUserAsync("long@example.test", password);
        // read whole and checked (fields over 255 octets fail like a wrong password), not refused as a long line
        var oversized = Plain(new string('u', 1500), new string('w', 1500));
        Assert.True(oversized.Length > 4000);
        var t = Transcript.Parse("auth-long", Greet +
            $"C: AUTH PLAIN {new string('A', 12300)}\nS: 500 5.5.2 Line too long\n" +
            $"C: NOOP {new string('n', 600)}\nS: 500 5.5.2 Line too long\n" +
            $"C: AUTH PLAIN {oversized}\nS: 535 5.7.8 Authentication credentials invalid\n" +
            $"C: AUTH PLAIN {Plain("long@example.test", password)}\nS: 235 2.7.0 Authentication successful\n" +
            "C: MAIL FROM:<long@example.test>\nS: 250 2.1.0 Sender OK\nC: QUIT\nS: 221*\nCLOSED\n");
        await TranscriptRunner.RunAsync(t, node.Endpoint("submission"));
    }

    [Fact]
    public async Task DataLineOver1000OctetsIsReadToTheFinalDotThenRefusedAndNothingIsStored()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync("alice@example.test", "pw");
        long blobsBefore = node.Host.Runtime.Blobs.Count;
        var t = Transcript.Parse("data-line", Greet +
            "C: MAIL FROM:<bob@remote.test>\nS: 250 2.1.0 Sender OK\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Recipient OK\n" +
            "C: DATA\nS: 354 *\nC: Subject: too long\nC:\n" +
            $"C: {new string('a', 998)}\nC: {new string('b', 999)}\nC: the line after it\nC: .\n" +
            "S: 552 5.3.4 Message line too long\n" +
            "C: NOOP\nS: 250 2.0.0 OK\n" +
            // a line of exactly 1,000 octets with its CRLF is fine
            "C: MAIL FROM:<bob@remote.test>\nS: 250 2.1.0 Sender OK\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Recipient OK\n" +
            $"C: DATA\nS: 354 *\nC: Subject: just fits\nC:\nC: {new string('c', 998)}\nC: .\n" +
            "S~ ^250 2\\.0\\.0 OK: queued as \\S+$\nC: QUIT\nS: 221*\nCLOSED\n");
        await TranscriptRunner.RunAsync(t, node.Endpoint("smtp"));

        await WaitForInboxAsync(node, "alice@example.test", 1);
        var stored = Assert.Single(await InboxAsync(node, "alice@example.test"));
        Assert.Contains("Subject: just fits\r\n\r\n" + new string('c', 998) + "\r\n", stored);
        Assert.Equal(blobsBefore + 1, node.Host.Runtime.Blobs.Count);
    }

    [Fact]
    public async Task TheDataLineLimitComesFromTheServersLimits()
    {
        await using var node = await TestNode.StartAsync(Listen.None);
        await node.AddUserAsync("alice@example.test", "pw");
        var services = node.Host.Services with { Settings = node.Settings with { Smtp = node.Settings.Smtp with { Port = 0 } } };
        var listeners = new SmtpServer(new SmtpLimits(DataLineLength: 100)).CreateListeners(node.Host.Runtime.System, services);
        await using var transport = new TransportServer();
        await transport.StartAsync(listeners);
        var ep = Assert.Single(transport.BoundEndPoints);

        var t = Transcript.Parse("data-line-100", Greet +
            "C: MAIL FROM:<bob@remote.test>\nS: 250 2.1.0 Sender OK\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Recipient OK\n" +
            $"C: DATA\nS: 354 *\nC: Subject: limit 100\nC:\nC: {new string('a', 98)}\nC: {new string('b', 99)}\nC: .\n" +
            "S: 552 5.3.4 Message line too long\n" +
            "C: MAIL FROM:<bob@remote.test>\nS: 250 2.1.0 Sender OK\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Recipient OK\n" +
            $"C: DATA\nS: 354 *\nC: Subject: limit 100\nC:\nC: {new string('a', 98)}\nC: .\n" +
            "S~ ^250 2\\.0\\.0 OK: queued as \\S+$\nC: QUIT\nS: 221*\nCLOSED\n");
        await TranscriptRunner.RunAsync(t, ep);
        await WaitForInboxAsync(node, "alice@example.test", 1);
    }
}
