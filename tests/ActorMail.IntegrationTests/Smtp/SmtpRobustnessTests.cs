using System.Net.Sockets;
using System.Text;
using ActorMail.IntegrationTests.Transcripts;
using Akka.Actor;
using MailKit.Security;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>Clients that vanish, sessions that crash, injection across segments.</summary>
public sealed class SmtpRobustnessTests
{
    private static async Task<(Socket Socket, NetworkStream Stream, StreamReader Reader)> RawAsync(TestNode node)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(node.Endpoint("smtp")).WaitAsync(Patience);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = new StreamReader(stream, Encoding.ASCII);
        var greeting = await reader.ReadLineAsync().WaitAsync(Patience);
        Assert.StartsWith("220 ", greeting);
        return (socket, stream, reader);
    }

    private static async Task SendAsync(NetworkStream s, string text) => await s.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask().WaitAsync(Patience);

    [Fact]
    public async Task ClientVanishingMidDataStoresNothing()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync("alice@example.test", "pw");
        long blobsBefore = node.Host.Runtime.Blobs.Count;
        var (_, stream, reader) = await RawAsync(node);
        await SendAsync(stream, "EHLO c.test\r\nMAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
        string? line;
        do line = await reader.ReadLineAsync().WaitAsync(Patience);
        while (line is not null && !line.StartsWith("354", StringComparison.Ordinal));
        await SendAsync(stream, "Subject: half\r\n\r\nthis message never ends");
        stream.Socket.Close();
        await TestNode.WaitUntilAsync(() => SessionCountAsync(node).Result == 0, Patience);
        Assert.Equal(0, await InboxCountAsync(node, "alice@example.test"));
        Assert.Equal(blobsBefore, node.Host.Runtime.Blobs.Count);
    }

    [Fact]
    public async Task ACrashedSessionSaysGoodbyeAndOthersCarryOn()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync("alice@example.test", "pw");
        var (_, stream, reader) = await RawAsync(node);
        await TestNode.WaitUntilAsync(() => SessionCountAsync(node).Result == 1, Patience);
        var session = await node.Host.Runtime.System.ActorSelection("/user/smtp-sessions/*").ResolveOne(Patience);

        using var other = await ConnectAsync(node, "smtp", SecureSocketOptions.None);
        session.Tell(Kill.Instance);
        Assert.Equal("421 4.3.0 Service not available, closing connection", await reader.ReadLineAsync().WaitAsync(Patience));
        Assert.Null(await reader.ReadLineAsync().WaitAsync(Patience));
        stream.Dispose();

        await other.SendAsync(Message("x@remote.test", "alice@example.test"));
        await WaitForInboxAsync(node, "alice@example.test", 1);
    }

    [Fact]
    public async Task PlaintextSentInASecondSegmentAfterStartTlsIsNeverExecuted()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        var (_, stream, reader) = await RawAsync(node);
        await SendAsync(stream, "EHLO c.test\r\n");
        string? line;
        do line = await reader.ReadLineAsync().WaitAsync(Patience);
        while (line is not null && !line.StartsWith("250 ", StringComparison.Ordinal));
        await SendAsync(stream, "STARTTLS\r\n");
        await SendAsync(stream, "NOOP\r\n");
        var rest = new List<string>();
        try
        {
            while ((line = await reader.ReadLineAsync().WaitAsync(Patience)) is not null) rest.Add(line);
        }
        catch (IOException)
        {
            // the server may close with the plaintext still unread, which the client sees as a reset
        }

        Assert.DoesNotContain(rest, l => l.StartsWith("250", StringComparison.Ordinal));
        Assert.All(rest, l => Assert.True(l.StartsWith("220 2.0.0", StringComparison.Ordinal) || l.StartsWith("554 5.5.1", StringComparison.Ordinal), l));
    }

    [Fact]
    public async Task PipelinedCommandsGetOneReplyEachInOrder()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync("alice@example.test", "pw");
        var t = Transcript.Parse("pipelining",
            "S: 220 *\nC: EHLO c.test\nS: ...\nS: 250 SMTPUTF8\n" +
            @"C> MAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\nDATA\r\nSubject: p\r\n\r\nbody\r\n.\r\nMAIL FROM:<y@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n" + "\n" +
            "S: 250 2.1.0 Sender OK\nS: 250 2.1.5 Recipient OK\nS: 550 5.1.1 Mailbox unavailable\nS: 354 *\nS~ ^250 2\\.0\\.0 OK: queued as \\S+$\n" +
            "S: 250 2.1.0 Sender OK\nS: 250 2.1.5 Recipient OK\nS: 354 *\nC: Subject: q\nC:\nC: b\nC: .\nS~ ^250 2\\.0\\.0 OK: queued\nC: QUIT\nS: 221*\nCLOSED\n");
        await TranscriptRunner.RunAsync(t, node.Endpoint("smtp"));
        await WaitForInboxAsync(node, "alice@example.test", 2);
    }
}
