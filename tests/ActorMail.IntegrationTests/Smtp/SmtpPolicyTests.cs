using System.Net;
using ActorMail.IntegrationTests.Transcripts;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>The manual's policies, each on a node with that setting (MailKit over real sockets).</summary>
public sealed class SmtpPolicyTests
{
    private static async Task<TestNode> StartAsync(params (string Key, string Value)[] env)
    {
        var node = await TestNode.StartAsync(Listen.AllSmtp, env.ToDictionary(e => e.Key, e => e.Value));
        await node.AddUserAsync("alice@example.test", "alice-pw");
        await node.AddUserAsync("bob@example.test", "bob-pw");
        return node;
    }

    [Fact]
    public async Task AlwaysPolicyRefusesEveryUnauthenticatedMailEvenLocal()
    {
        await using var node = await StartAsync(("ACTORMAIL__SMTP__AUTH_POLICY", "always"));
        using var client = await ConnectAsync(node, "smtp", SecureSocketOptions.None);
        await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => client.SendAsync(Message("x@remote.test", "alice@example.test")));
        await client.AuthenticateAsync("bob@example.test", "bob-pw");
        await client.SendAsync(Message("bob@example.test", "alice@example.test"));
        await WaitForInboxAsync(node, "alice@example.test", 1);
    }

    [Fact]
    public async Task OpenRelayAcceptsUnauthenticatedRelay()
    {
        await using var node = await StartAsync(("ACTORMAIL__SMTP__AUTH_POLICY", "open-relay"));
        using var client = await ConnectAsync(node, "smtp", SecureSocketOptions.None);
        await client.SendAsync(Message("x@remote.test", "y@elsewhere.test"));
        var queued = Assert.Single(await WaitForQueueAsync(node, 1));
        Assert.Equal("y@elsewhere.test", Assert.Single(queued.Recipients).Address.ToString());
        Assert.Null(queued.AuthenticatedUser);
    }

    [Fact]
    public async Task SenderMustBeLocalRefusesForeignSenders()
    {
        await using var node = await StartAsync(("ACTORMAIL__SMTP__SENDER_MUST_BE_LOCAL", "on"));
        using var client = await ConnectAsync(node, "smtp", SecureSocketOptions.None);
        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("x@remote.test", "alice@example.test")));
        Assert.Equal(SmtpErrorCode.SenderNotAccepted, e.ErrorCode);
        Assert.Equal(553, (int)e.StatusCode);
        await client.SendAsync(Message("bob@example.test", "alice@example.test"));
        await WaitForInboxAsync(node, "alice@example.test", 1);
    }

    [Fact]
    public async Task AlwaysSendToInternetQueuesLocalRecipientsAndKeepsTheLocalCopy()
    {
        await using var node = await StartAsync(("ACTORMAIL__SMTP__ALWAYS_SEND_TO_INTERNET", "on"));
        using var client = await ConnectAsync(node, "smtp", SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("bob@example.test", "bob-pw");
        await client.SendAsync(Message("bob@example.test", "alice@example.test", "both"));
        await WaitForInboxAsync(node, "alice@example.test", 1);
        Assert.StartsWith("Return-Path: <bob@example.test>", Assert.Single(await InboxAsync(node, "alice@example.test")));
        var queued = Assert.Single(await WaitForQueueAsync(node, 1));
        Assert.Equal("alice@example.test", Assert.Single(queued.Recipients).Address.ToString());
        Assert.StartsWith("Received: ", Read(node, queued.Blob));
    }

    [Fact]
    public async Task AuthFailuresAreLimitedPerClientAddress()
    {
        await using var node = await StartAsync(("ACTORMAIL__AUTH__MAX_FAILURES_PER_IP", "2"));
        var ep = node.Endpoint("smtp");
        const string Greet = "S: 220 *\nC: EHLO client.test\nS: ...\nS: 250 SMTPUTF8\n";
        const string Wrong = "AGFsaWNlQGV4YW1wbGUudGVzdAB3cm9uZw=="; // alice@example.test / wrong
        var right = Convert.ToBase64String("\0alice@example.test\0alice-pw"u8.ToArray());
        var failing = Transcript.Parse("ip2-failures", Greet +
            $"C: AUTH PLAIN {Wrong}\nS: 535 5.7.8*\nC: AUTH PLAIN {Wrong}\nS: 535 5.7.8*\nC: QUIT\nS: 221*\nCLOSED\n");
        await TranscriptRunner.RunAsync(failing, ep, new TranscriptOptions(LocalAddress: IPAddress.Parse("127.0.0.2")));

        // the address is now blocked: even the right password is refused unchecked, and the session closes
        var blocked = Transcript.Parse("ip2-blocked", Greet + $"C: AUTH PLAIN {right}\nS: 421 4.7.0*\nCLOSED\n");
        await TranscriptRunner.RunAsync(blocked, ep, new TranscriptOptions(LocalAddress: IPAddress.Parse("127.0.0.2")));

        // another client address is not affected
        var other = Transcript.Parse("ip3", Greet + $"C: AUTH PLAIN {right}\nS: 235 2.7.0*\n");
        await TranscriptRunner.RunAsync(other, ep, new TranscriptOptions(LocalAddress: IPAddress.Parse("127.0.0.3")));
    }
}
