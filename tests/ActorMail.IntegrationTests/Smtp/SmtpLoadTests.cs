using System.Text;
using ActorMail.Mailboxes.Actors;
using Akka.Actor;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>Tests that load the machine: they run alone, one after the other.</summary>
[CollectionDefinition("serial", DisableParallelization = true)]
public sealed class SerialCollection;

/// <summary>A 30 MB message and 200 concurrent sessions through MailKit.</summary>
[Collection("serial")]
public sealed class SmtpLoadTests
{
    [Fact]
    public async Task A30MegabyteMessageIsStoredByteExactBehindTheTraceHeaders()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync("big@example.test", "pw");

        var data = new byte[22_000_000];
        new Random(30).NextBytes(data);
        var message = Message("sender@remote.test", "big@example.test", "thirty megabytes");
        var body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "A large attachment follows.", ContentTransferEncoding = ContentEncoding.SevenBit },
            new MimePart("application", "octet-stream")
            {
                Content = new MimeContent(new MemoryStream(data)),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = "big.bin",
            },
        };
        message.Body = body;

        using (var client = await ConnectAsync(node, "smtp", SecureSocketOptions.None))
        {
            client.Timeout = 120_000;
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        // what MailKit put on the wire (the message as prepared for sending, CRLF line endings)
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = true;
        using var sent = new MemoryStream();
        await message.WriteToAsync(format, sent);
        var expected = sent.ToArray();
        Assert.True(expected.Length > 30_000_000, expected.Length.ToString());

        await WaitForInboxAsync(node, "big@example.test", 1);
        var stored = await InboxBytesAsync(node, "big@example.test");
        Assert.True(stored.Length > expected.Length, "stored " + stored.Length);
        int prefix = stored.Length - expected.Length;
        Assert.True(stored.AsSpan(prefix).SequenceEqual(expected), "the stored message differs from what was sent");
        var trace = Encoding.UTF8.GetString(stored, 0, prefix);
        Assert.StartsWith("Return-Path: <sender@remote.test>\r\nReceived: from client.test ", trace);
        Assert.EndsWith("\r\n", trace);
        // only Return-Path and the one Received header (its continuation lines start with a tab) come before
        var starts = trace.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(l => l[0] != '\t').ToList();
        Assert.Equal(2, starts.Count);

        var parsed = await MimeMessage.LoadAsync(new MemoryStream(stored));
        var attachment = Assert.Single(parsed.Attachments.OfType<MimePart>());
        using var decoded = new MemoryStream();
        await attachment.Content!.DecodeToAsync(decoded);
        Assert.True(decoded.ToArray().AsSpan().SequenceEqual(data));
    }

    [Fact]
    public async Task TwoHundredConcurrentSessionsEachDeliverToTheRightInbox()
    {
        const int Sessions = 200;
        const int Users = 8;
        await using var node = await TestNode.StartAsync(Listen.Smtp,
            new Dictionary<string, string> { ["ACTORMAIL__SMTP__MAX_CONNECTIONS_PER_IP"] = "1000" });
        var users = Enumerable.Range(0, Users).Select(u => $"load{u}@example.test").ToList();
        foreach (var user in users) await node.AddUserAsync(user, "pw");

        var clients = new SmtpClient[Sessions];
        try
        {
            // every session is open at the same time before any of them sends
            await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async i =>
            {
                var client = new SmtpClient();
                clients[i] = client;
                client.Timeout = 60_000;
                await ConnectAsync(node, "smtp", SecureSocketOptions.None, client);
            }));
            Assert.Equal(Sessions, await SessionCountAsync(node));

            await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async i =>
            {
                var message = Message($"sender{i}@remote.test", users[i % Users], $"load-{i}", $"message number {i}");
                var reply = await clients[i].SendAsync(message);
                Assert.StartsWith("2.0.0 OK: queued as ", reply);
                await clients[i].DisconnectAsync(true);
            }));
        }
        finally
        {
            foreach (var client in clients) client?.Dispose();
        }

        for (int u = 0; u < Users; u++)
        {
            await WaitForInboxAsync(node, users[u], Sessions / Users);
            var subjects = (await InboxAsync(node, users[u]))
                .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m))).Subject ?? "")
                .Order(StringComparer.Ordinal).ToList();
            var expected = Enumerable.Range(0, Sessions).Where(i => i % Users == u).Select(i => $"load-{i}").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, subjects);
        }
    }

    private static async Task<byte[]> InboxBytesAsync(TestNode node, string account)
    {
        var resp = await node.Host.Runtime.Mailboxes.Ask<MailboxResponse>(
            new MailboxEnvelope(account, new MessagePageQuery("INBOX", 1, uint.MaxValue)), Patience);
        var message = Assert.Single(((MessagePage)resp.Result).Messages);
        await using var s = node.Host.Runtime.Blobs.OpenRead(message.Blob);
        using var copy = new MemoryStream();
        await s.CopyToAsync(copy);
        return copy.ToArray();
    }
}
