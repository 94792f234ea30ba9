using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ActorMail.Host.Cli;
using ActorMail.Host.Tests.Support;

namespace ActorMail.Host.Tests;

/// <summary>
/// <c>actormail.delivery.smarthost</c> over TLS against relays on loopback that require AUTH and offer it
/// only over TLS: STARTTLS and implicit TLS, the relay's certificate checked against the trust store
/// (a test CA handed to the node through SSL_CERT_FILE), <c>tls.max-version-outbound</c> deciding the
/// negotiated protocol, and a TLS mode that is required never falling back to plain text.
/// </summary>
public sealed class SmarthostTlsTests : IDisposable
{
    private const string RelayUser = "relay-login";
    private const string RelayPassword = "relay-secret";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ActorMailHome _home = new("smarthost-tls");
    private readonly TestCertificates _certs;

    public SmarthostTlsTests()
    {
        _certs = new TestCertificates(_home.Root);
        _home.Environment["ACTORMAIL__DELIVERY__TIMEOUT"] = "20s";
        _home.Environment["ACTORMAIL__DELIVERY__RETRY__FIRST"] = "1s";
        _home.Environment["ACTORMAIL__DELIVERY__RETRY__MAX"] = "2s";
    }

    private void UseRelay(SmtpReceiver relay, string tls, bool trustTestCa = true)
    {
        _home.Environment["ACTORMAIL__DELIVERY__SMARTHOST__HOST"] = "127.0.0.1";
        _home.Environment["ACTORMAIL__DELIVERY__SMARTHOST__PORT"] = relay.Port.ToString();
        _home.Environment["ACTORMAIL__DELIVERY__SMARTHOST__TLS"] = tls;
        _home.Environment["ACTORMAIL__DELIVERY__SMARTHOST__USERNAME"] = RelayUser;
        _home.Environment["ACTORMAIL__DELIVERY__SMARTHOST__PASSWORD"] = RelayPassword;
        if (trustTestCa) _home.Environment["SSL_CERT_FILE"] = _certs.CaFile;
    }

    private async Task<string> DeliverAsync(string messageId) =>
        (await _home.RunWithInputAsync(
            $"From: <alice@localhost>\r\nTo: <bob@remote.example>\r\nSubject: relay\r\nMessage-ID: <{messageId}>\r\n\r\nOver TLS.\r\n",
            "deliver", "--from", "alice@localhost", "--to", "bob@remote.example")).ShouldSucceed().Trim();

    private static async Task<JsonElement[]> QueueAsync(RunningNode node)
    {
        var r = await node.SendAsync(new CliRequest { Words = ["queue", "list"], Json = true });
        Assert.True(r.Exit == 0, r.Stderr);
        return JsonOutput.Parse(r.Stdout).EnumerateArray().ToArray();
    }

    private async Task<ReceivedMessage> RelayedAsync(SmtpReceiver relay, string messageId)
    {
        await using var node = await _home.StartNodeAsync();
        var id = await DeliverAsync(messageId);
        var arrived = await Eventually.ValueAsync(() => Task.FromResult(relay.Messages.Count), n => n > 0, Patience);
        if (arrived == 0)
        {
            var queue = await QueueAsync(node);
            await node.StopAsync();
            Assert.Fail($"nothing reached the relay; queue: {string.Join(", ", queue.Select(q => q.ToString()))}\n{await node.OutputAsync()}");
        }
        int left = await Eventually.ValueAsync(async () => (await QueueAsync(node)).Length, n => n == 0, Patience);
        Assert.True(left == 0, $"message {id} still queued");
        Assert.Equal(0, await node.StopAsync());
        var message = Assert.Single(relay.Messages);
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal(["bob@remote.example"], message.Recipients);
        var auth = Assert.Single(relay.Auths);
        Assert.Equal((RelayUser, RelayPassword), (auth.User, auth.Password));
        Assert.True(auth.OverTls, "AUTH came before TLS");
        // The relay refuses AUTH and MAIL before TLS and AUTH: the node never tried either.
        Assert.Empty(relay.Refused);
        return message;
    }

    /// <summary>Waits for two recorded attempts (the retry ran too) and returns the queue entry's recipient.</summary>
    private async Task<JsonElement> NotRelayedAsync(SmtpReceiver relay)
    {
        await using var node = await _home.StartNodeAsync();
        await DeliverAsync("held@tls.test");
        var queue = await Eventually.ValueAsync(() => QueueAsync(node),
            q => q.Length == 1 && q[0].GetProperty("recipients")[0].GetProperty("attempts").GetInt32() >= 2, Patience);
        var rcpt = Assert.Single(Assert.Single(queue).GetProperty("recipients").EnumerateArray());
        Assert.True(rcpt.GetProperty("attempts").GetInt32() >= 2, rcpt.ToString());
        Assert.Equal("pending", rcpt.GetProperty("status").GetString());
        Assert.Equal(0, await node.StopAsync());
        Assert.True(relay.Connections >= 2, $"{relay.Connections} connections to the relay");
        Assert.Empty(relay.Messages);
        Assert.Empty(relay.Auths);
        Assert.Empty(relay.Refused);
        return rcpt;
    }

    [Fact]
    public async Task Starttls_relay_gets_the_message_with_AUTH_only_after_TLS_1_3_by_default()
    {
        await using var relay = new SmtpReceiver(ReceiverTls.StartTls, _certs.Server, requireAuth: true);
        UseRelay(relay, "starttls");
        var message = await RelayedAsync(relay, "starttls@tls.test");
        Assert.Equal(SslProtocols.Tls13, message.Protocol);
    }

    [Fact]
    public async Task Implicit_TLS_relay_gets_the_message_at_the_maximum_outbound_TLS_version_1_2()
    {
        await using var relay = new SmtpReceiver(ReceiverTls.Implicit, _certs.Server, requireAuth: true);
        UseRelay(relay, "implicit");
        _home.Environment["ACTORMAIL__TLS__MAX_VERSION_OUTBOUND"] = "\"1.2\"";
        var message = await RelayedAsync(relay, "implicit@tls.test");
        Assert.Equal(SslProtocols.Tls12, message.Protocol);
    }

    [Fact]
    public async Task Starttls_mode_never_sends_in_clear_to_a_relay_without_STARTTLS()
    {
        // This relay offers AUTH in plain text and would take the message.
        await using var relay = new SmtpReceiver(ReceiverTls.None, requireAuth: true);
        UseRelay(relay, "starttls");
        var rcpt = await NotRelayedAsync(relay);
        Assert.Contains("STARTTLS", rcpt.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_certificate_the_node_does_not_trust_gets_neither_password_nor_message()
    {
        await using var relay = new SmtpReceiver(ReceiverTls.StartTls, _certs.Server, requireAuth: true);
        UseRelay(relay, "starttls", trustTestCa: false);
        var rcpt = await NotRelayedAsync(relay);
        Assert.Contains("certificate", rcpt.GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        _certs.Dispose();
        _home.Dispose();
    }

    /// <summary>A throwaway CA (written as PEM for SSL_CERT_FILE) and a server certificate it issued for 127.0.0.1 and localhost.</summary>
    private sealed class TestCertificates : IDisposable
    {
        public TestCertificates(string folder)
        {
            var now = DateTimeOffset.UtcNow;
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=ActorMail test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
            using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
            CaFile = Path.Combine(folder, "test-ca.pem");
            File.WriteAllText(CaFile, ca.ExportCertificatePem() + "\n");

            using var serverKey = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(16));
            using var withKey = issued.CopyWithPrivateKey(serverKey);
            // Through PKCS#12 so that SslStream gets a usable private key on Linux.
            Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }

        public string CaFile { get; }

        public X509Certificate2 Server { get; }

        public void Dispose() => Server.Dispose();
    }
}
