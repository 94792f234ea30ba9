using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery.Outbound;
using ActorMail.Delivery.Queue;
using Akka.Actor;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using static ActorMail.Delivery.Tests.Outbound.OutboundHarness;
using ConnectionMode = ActorMail.Configuration.ConnectionMode;

namespace ActorMail.Delivery.Tests.Outbound;

/// <summary>Smarthost with AUTH, per-account relays, the manual's split and throttle, offline mode, signing, restart safety.</summary>
public sealed class RelayAndSigningSpec
{
    private const string Sender = "alice@local.test";

    private static SmarthostSettings Relay(SmtpPeer peer, string? user = "relayuser", string? password = "s3cret") => new()
    {
        Host = "127.0.0.1", Port = peer.EndPoint.Port, Tls = SmarthostTls.None, Username = user, Password = password,
    };

    private static async Task<OutboundHarness> StartAsync(DeliverySettings settings, ConnectionMode mode = ConnectionMode.Permanent, params Accounts.Account[] accounts)
    {
        var h = new OutboundHarness { Directory = DirectoryWith(accounts.Length > 0 ? accounts : new[] { Account(Sender) }) };
        await h.StartAsync(Options(settings, mode));
        return h;
    }

    [Fact]
    public async Task The_smarthost_gets_everything_with_AUTH_PLAIN_and_the_forced_sender()
    {
        await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript { Auth = true, Size = 10_000_000 }))[0];
        var settings = Settings(SmtpPeer.RefusingPort("127.0.0.1"), null) with { Smarthost = Relay(relay), ForceSender = MailAddress.Parse("relay@local.test") };
        await using var h = await StartAsync(settings);
        await h.SubmitAsync(Sender, "bob@anywhere.example", "carol@elsewhere.example");
        await UntilAsync(() => relay.Transactions.Count == 2, what: "two domains, two transactions");
        Assert.Contains("\0relayuser\0s3cret", relay.AuthPlain);
        Assert.All(relay.Transactions, t => Assert.StartsWith("MAIL FROM:<relay@local.test>", t.MailLine));
        Assert.All(relay.Transactions, t => Assert.Contains("From: Sender <relay@local.test>", t.Data));
        // The rewritten copy is no longer the stored one: its SIZE is what actually goes on the wire.
        Assert.All(relay.Transactions, t => Assert.Contains($" SIZE={t.Data.Length}", t.MailLine));
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "queue drained");
    }

    [Fact]
    public async Task A_per_account_smarthost_overrides_the_global_one()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript { Auth = true }));
        await using var global = peers[0];
        await using var own = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript { Auth = true }))[0];
        var settings = Settings(SmtpPeer.RefusingPort("127.0.0.1"), null) with { Smarthost = Relay(global) };
        await using var h = await StartAsync(settings, ConnectionMode.Permanent,
            Account(Sender, new Accounts.SmarthostSettings("127.0.0.1", own.EndPoint.Port, "alice-login", "pw")), Account("dave@local.test"));
        await h.SubmitAsync(Sender, "bob@anywhere.example");
        await h.SubmitAsync("dave@local.test", "bob@anywhere.example");
        await UntilAsync(() => own.Transactions.Count == 1 && global.Transactions.Count == 1, what: "each through its relay");
        Assert.StartsWith("MAIL FROM:<alice@local.test>", own.Transactions.Single().MailLine);
        Assert.Contains("\0alice-login\0pw", own.AuthPlain);
        Assert.StartsWith("MAIL FROM:<dave@local.test>", global.Transactions.Single().MailLine);
    }

    [Fact]
    public async Task Recipients_per_message_splits_250_recipients_into_125_transactions_over_one_connection()
    {
        await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript()))[0];
        var settings = Settings(0, null) with { Smarthost = Relay(relay, null, null), RecipientsPerMessage = 2 };
        await using var h = await StartAsync(settings);
        var rcpts = Enumerable.Range(0, 250).Select(i => new EnvelopeRecipient(MailAddress.Parse($"user{i}@big.example"))).ToList();
        await h.SubmitAsync(Sender, rcpts);
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "all recipients delivered");
        Assert.Equal(125, relay.Transactions.Count);
        Assert.All(relay.Transactions, t => Assert.Equal(2, t.RcptLines.Count));
        Assert.Equal(250, relay.Transactions.SelectMany(t => t.RcptLines).Distinct().Count());
        Assert.Equal(1, relay.Connections);
    }

    [Fact]
    public async Task The_throttle_sends_N_messages_then_pauses()
    {
        await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript()))[0];
        var pause = TimeSpan.FromMilliseconds(1500);
        var settings = Settings(0, null) with { Smarthost = Relay(relay, null, null), Throttle = new ThrottleSettings { Messages = 2, Pause = pause } };
        await using var h = await StartAsync(settings);
        for (int i = 0; i < 4; i++) await h.SubmitAsync(Sender, $"bob{i}@anywhere.example");
        await UntilAsync(() => relay.Transactions.Count >= 2, what: "first two");
        var second = DateTime.UtcNow;
        Assert.Equal(2, relay.Transactions.Count);
        await UntilAsync(() => relay.Transactions.Count == 4, what: "the next two after the pause");
        Assert.True(DateTime.UtcNow - second >= pause - TimeSpan.FromMilliseconds(500), $"only {(DateTime.UtcNow - second).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Offline_keeps_mail_queued_until_connection_online()
    {
        await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript()))[0];
        var settings = Settings(0, null) with { Smarthost = Relay(relay, null, null) };
        await using var h = await StartAsync(settings, ConnectionMode.Offline);
        await h.SubmitAsync(Sender, "bob@anywhere.example");
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 1, what: "queued");
        h.Coordinator.Tell(KickDelivery.Instance);
        await UntilAsync(async () => (await h.Coordinator.Ask<DeliveryStatus>(GetDeliveryStatus.Instance, TestData.Patience)).Offline, what: "offline seen");
        Assert.Equal(0, relay.Connections);
        Assert.Equal(0, (await h.Coordinator.Ask<DeliveryStatus>(GetDeliveryStatus.Instance, TestData.Patience)).Attempts);

        var reply = await h.Queue.AskQueueAsync(new SetConnectionOverride(ActorMail.Delivery.Queue.ConnectionMode.Permanent));
        Assert.Null(reply.Error);
        await UntilAsync(() => relay.Transactions.Count == 1, what: "sent once online");
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "queue drained");
    }

    [Fact]
    public async Task Outgoing_mail_carries_a_valid_S_MIME_signature_and_a_valid_DKIM_signature_over_it()
    {
        var folder = Directory.CreateTempSubdirectory("actormail-sign-").FullName;
        try
        {
            using var rsa = RSA.Create(2048);
            var keyPath = Path.Combine(folder, "dkim.pem");
            await File.WriteAllTextAsync(keyPath, rsa.ExportRSAPrivateKeyPem());
            using var certKey = RSA.Create(2048);
            var req = new CertificateRequest("CN=alice@local.test, E=alice@local.test", certKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var pfxPath = Path.Combine(folder, "smime.pfx");
            await File.WriteAllBytesAsync(pfxPath, cert.Export(X509ContentType.Pfx, "pfx-pass"));

            await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript()))[0];
            var settings = Settings(0, null) with
            {
                Smarthost = Relay(relay, null, null),
                Dkim = new DkimSettings { Domain = "local.test", Selector = "sel1", PrivateKeyPath = keyPath },
                Smime = new SmimeSettings { CertificatePath = pfxPath, Password = "pfx-pass" },
            };
            await using var h = await StartAsync(settings);
            await h.SubmitAsync(Sender, "bob@anywhere.example");
            await UntilAsync(() => relay.Transactions.Count == 1, what: "signed mail sent");
            using var data = new MemoryStream(System.Text.Encoding.Latin1.GetBytes(relay.Transactions.Single().Data));
            var message = await MimeMessage.LoadAsync(data);

            var dkimHeader = message.Headers.First(x => x.Id == HeaderId.DkimSignature);
            Assert.Contains("c=relaxed/relaxed", dkimHeader.Value.Replace(" ", "", StringComparison.Ordinal));
            var publicKey = Org.BouncyCastle.Security.PublicKeyFactory.CreateKey(rsa.ExportSubjectPublicKeyInfo());
            var verifier = new DkimVerifier(new OneKey("local.test", "sel1", publicKey));
            Assert.True(await verifier.VerifyAsync(message, dkimHeader));
            var tampered = await MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(relay.Transactions.Single().Data.Replace("lazy dog", "lazy cat", StringComparison.Ordinal))));
            Assert.False(await verifier.VerifyAsync(tampered, tampered.Headers.First(x => x.Id == HeaderId.DkimSignature)));

            var signed = Assert.IsType<MultipartSigned>(message.Body);
            using var ctx = new TemporarySecureMimeContext();
            var signatures = signed.Verify(ctx);
            var signature = Assert.Single(signatures);
            Assert.True(signature.Verify(true));
            Assert.Equal("alice@local.test", signature.SignerCertificate!.Email);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_message_leased_but_not_recorded_is_sent_again_after_a_restart()
    {
        await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript { HangAfterData = n => n == 1 }))[0];
        var settings = Settings(0, null) with { Smarthost = Relay(relay, null, null), Timeout = TimeSpan.FromSeconds(30) };
        var node = new SqliteNode();
        await using var h = new OutboundHarness(node) { Directory = DirectoryWith(Account(Sender)) };
        await h.StartAsync(Options(settings));
        var id = await h.SubmitAsync(Sender, "bob@anywhere.example");
        await UntilAsync(async () => (await h.Coordinator.Ask<DeliveryStatus>(GetDeliveryStatus.Instance, TestData.Patience)).Leased == 1 && relay.DataStarted == 1,
            what: "leased and in DATA");
        await h.StartAsync(Options(settings));
        await UntilAsync(() => relay.Transactions.Count == 1, what: "sent again after the restart");
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "recorded");
        Assert.Equal(2, relay.Connections);
        Assert.DoesNotContain(await h.QueuedAsync(), m => m.Id == id);
    }

    private sealed class OneKey(string domain, string selector, AsymmetricKeyParameter key) : IDkimPublicKeyLocator
    {
        public AsymmetricKeyParameter LocatePublicKey(string methods, string d, string s, CancellationToken ct = default) =>
            d == domain && s == selector ? key : throw new InvalidOperationException($"no key for {s}._domainkey.{d}");

        public Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string d, string s, CancellationToken ct = default) =>
            Task.FromResult(LocatePublicKey(methods, d, s, ct));
    }
}
