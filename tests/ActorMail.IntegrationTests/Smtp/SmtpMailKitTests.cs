using System.Text;
using ActorMail.Core;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>A node with the default SMTP settings, users alice/bob/carol, an alias info@ → alice.</summary>
public sealed class DefaultSmtpNode : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync(Listen.AllSmtp);
        await Node.AddUserAsync("alice@example.test", "alice-pw");
        await Node.AddUserAsync("bob@example.test", "bob-pw");
        await Node.AddUserAsync("carol@example.test", "carol-pw");
        await Node.AddUserAsync("jörg@example.test", "jörg-pw");
        await AddAliasAsync(Node, "info@example.test", "alice@example.test");
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>MailKit's SmtpClient against the real listeners: plain, STARTTLS, implicit TLS, AUTH, policies.</summary>
public sealed class SmtpMailKitTests(DefaultSmtpNode fixture) : IClassFixture<DefaultSmtpNode>
{
    private readonly TestNode _node = fixture.Node;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task PlainSmtpDeliversToInboxWithReceivedAndReturnPath()
    {
        var before = await InboxCountAsync(_node, "bob@example.test");
        using var client = await ConnectAsync(_node, "smtp", SecureSocketOptions.None);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining));
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
        Assert.Equal(52428800u, client.MaxSize);
        var subject = Unique("plain");
        var response = await client.SendAsync(Message("sender@remote.test", "bob@example.test", subject));
        Assert.StartsWith("2.0.0 OK: queued as ", response);
        await client.DisconnectAsync(true);

        await WaitForInboxAsync(_node, "bob@example.test", before + 1);
        var stored = (await InboxAsync(_node, "bob@example.test")).Single(m => m.Contains(subject));
        Assert.StartsWith("Return-Path: <sender@remote.test>\r\nReceived: from client.test (unknown [127.0.0.1])\r\n\tby ", stored);
        Assert.Contains(" with ESMTP id ", stored);
        Assert.Contains("for <bob@example.test>;", stored);
        var parsed = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(stored)));
        Assert.Equal(subject, parsed.Subject);
    }

    [Fact]
    public async Task StartTlsOnSmtpPortThenAuthPlainIsEsmtpsa()
    {
        var before = await InboxCountAsync(_node, "carol@example.test");
        using var client = await ConnectAsync(_node, "smtp", SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        client.AuthenticationMechanisms.Remove("LOGIN");
        await client.AuthenticateAsync("alice@example.test", "alice-pw");
        var subject = Unique("starttls");
        await client.SendAsync(Message("alice@example.test", "carol@example.test", subject));
        await client.DisconnectAsync(true);
        await WaitForInboxAsync(_node, "carol@example.test", before + 1);
        var stored = (await InboxAsync(_node, "carol@example.test")).Single(m => m.Contains(subject));
        Assert.Contains(" with ESMTPSA id ", stored);
    }

    [Fact]
    public async Task ImplicitTlsWithAuthLoginToRemoteRecipientIsQueuedWithDsnParameters()
    {
        using var client = await ConnectAsync(_node, "smtps", SecureSocketOptions.SslOnConnect, new DsnClient());
        Assert.True(client.IsSecure);
        client.AuthenticationMechanisms.Remove("PLAIN");
        await client.AuthenticateAsync("alice", "alice-pw"); // bare local part of the primary domain
        var subject = Unique("smtps");
        var msg = Message("alice@example.test", "friend@remote.test", subject);
        await client.SendAsync(msg);
        await client.DisconnectAsync(true);

        var queue = await WaitForQueueAsync(_node, 1);
        var entry = queue.Single(q => Read(_node, q.Blob).Contains(subject));
        Assert.Equal("alice@example.test", entry.Sender?.ToString());
        Assert.Equal("alice@example.test", entry.AuthenticatedUser);
        Assert.Equal(DsnReturn.Headers, entry.Return);
        Assert.Equal("env-" + subject, entry.EnvelopeId);
        var rcpt = Assert.Single(entry.Recipients);
        Assert.Equal("friend@remote.test", rcpt.Address.ToString());
        Assert.Equal(DsnNotify.Success | DsnNotify.Failure, rcpt.Notify);
        var stored = Read(_node, entry.Blob);
        Assert.StartsWith("Received: ", stored);           // the remote copy has no Return-Path
        Assert.Contains(" with ESMTPSA id ", stored);
    }

    [Fact]
    public async Task SubmissionRequiresAuthAndAddsMessageIdAndDate()
    {
        using var client = await ConnectAsync(_node, "submission", SecureSocketOptions.StartTls);
        await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => client.SendAsync(Message("alice@example.test", "bob@example.test")));

        await client.AuthenticateAsync("alice@example.test", "alice-pw");
        var before = await InboxCountAsync(_node, "bob@example.test");
        var subject = Unique("submission");
        var msg = Message("alice@example.test", "bob@example.test", subject);
        msg.Headers.Remove(HeaderId.MessageId);
        msg.Headers.Remove(HeaderId.Date);
        await client.SendAsync(msg);
        await WaitForInboxAsync(_node, "bob@example.test", before + 1);
        var stored = (await InboxAsync(_node, "bob@example.test")).Single(m => m.Contains(subject));
        var parsed = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(stored)));
        Assert.False(string.IsNullOrEmpty(parsed.MessageId));
        Assert.True(parsed.Headers.Contains(HeaderId.Date));
    }

    [Fact]
    public async Task AuthenticatedSenderMayUseOwnAddressOrAliasOnly()
    {
        using var client = await ConnectAsync(_node, "submission", SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("alice@example.test", "alice-pw");
        await client.SendAsync(Message("info@example.test", "bob@example.test", Unique("alias")));
        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("carol@example.test", "bob@example.test")));
        Assert.Equal(SmtpErrorCode.SenderNotAccepted, e.ErrorCode);
        Assert.Equal(553, (int)e.StatusCode);
    }

    [Fact]
    public async Task InternetOnlyPolicyRefusesUnauthenticatedRelayButAcceptsLocalAndAuthenticatedRelay()
    {
        using var client = await ConnectAsync(_node, "smtp", SecureSocketOptions.None);
        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("x@remote.test", "y@elsewhere.test")));
        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, e.ErrorCode);
        Assert.Equal(554, (int)e.StatusCode);
        Assert.Contains("Relay", e.Message);

        var unknown = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("x@remote.test", "nobody@example.test")));
        Assert.Equal(550, (int)unknown.StatusCode);

        await client.SendAsync(Message("x@remote.test", "alice@example.test", Unique("local-unauth")));
        await client.AuthenticateAsync("bob@example.test", "bob-pw");
        var subject = Unique("relay-auth");
        await client.SendAsync(Message("bob@example.test", "y@elsewhere.test", subject));
        var queue = await WaitForQueueAsync(_node, 1);
        Assert.Contains(queue, q => Read(_node, q.Blob).Contains(subject));
    }

    [Fact]
    public async Task PipelinedTransactionWithMixedRecipientsStoresLocalAndRemoteCopies()
    {
        var before = await InboxCountAsync(_node, "carol@example.test");
        using var client = await ConnectAsync(_node, "submission", SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("carol@example.test", "carol-pw");
        var subject = Unique("mixed");
        await client.SendAsync(Message("carol@example.test", "carol@example.test,far@away.test", subject));
        await WaitForInboxAsync(_node, "carol@example.test", before + 1);
        var local = (await InboxAsync(_node, "carol@example.test")).Single(m => m.Contains(subject));
        Assert.StartsWith("Return-Path: <carol@example.test>\r\n", local);
        var queued = (await WaitForQueueAsync(_node, 1)).Single(q => Read(_node, q.Blob).Contains(subject));
        Assert.Equal("far@away.test", Assert.Single(queued.Recipients).Address.ToString());
        Assert.StartsWith("Received: ", Read(_node, queued.Blob));
    }

    [Fact]
    public async Task SmtpUtf8AddressIsDelivered()
    {
        var before = await InboxCountAsync(_node, "jörg@example.test");
        using var client = await ConnectAsync(_node, "smtp", SecureSocketOptions.None);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.UTF8));
        var subject = Unique("utf8");
        await client.SendAsync(Message("andré@remote.test", "jörg@example.test", subject));
        await WaitForInboxAsync(_node, "jörg@example.test", before + 1);
        var stored = (await InboxAsync(_node, "jörg@example.test")).Single(m => m.Contains(subject));
        Assert.StartsWith("Return-Path: <andré@remote.test>", stored);
        Assert.Contains(" with UTF8SMTP id ", stored);
    }

    /// <summary>Asks for NOTIFY=SUCCESS,FAILURE, RET=HDRS and an ENVID on every message.</summary>
    private sealed class DsnClient : SmtpClient
    {
        protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox) =>
            DeliveryStatusNotification.Success | DeliveryStatusNotification.Failure;

        protected override string GetEnvelopeId(MimeMessage message) => "env-" + message.Subject;

        public DsnClient() => DeliveryStatusNotificationType = DeliveryStatusNotificationType.HeadersOnly;
    }
}
