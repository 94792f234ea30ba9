using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorMail.Transport.Tests.Support;
using ActorMail.Transport.Tls;

namespace ActorMail.Transport.Tests;

public sealed class CertificateStoreTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("actormail-certs-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void Creates_a_self_signed_localhost_certificate_as_pem_and_loads_it_back()
    {
        var certPath = Path.Combine(folder.FullName, "tls", "localhost.crt");
        var keyPath = Path.Combine(folder.FullName, "tls", "localhost.key");

        using var created = CertificateStore.LoadOrCreate(certPath, keyPath, createIfMissing: true);

        Assert.True(created.HasPrivateKey);
        Assert.Equal("CN=localhost", created.Subject);
        Assert.Equal(2048, created.GetRSAPublicKey()!.KeySize);
        Assert.Equal("sha256RSA", created.SignatureAlgorithm.FriendlyName);
        Assert.InRange((created.NotAfter - created.NotBefore).TotalDays, 3650, 3660);
        var san = created.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(certPath));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        using var loaded = CertificateStore.LoadOrCreate(certPath, keyPath, createIfMissing: true);
        Assert.Equal(created.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public async Task A_loaded_pem_certificate_serves_tls()
    {
        var certPath = Path.Combine(folder.FullName, "server.crt");
        var keyPath = Path.Combine(folder.FullName, "server.key");
        CertificateStore.LoadOrCreate(certPath, keyPath, createIfMissing: true).Dispose();
        using var loaded = CertificateStore.LoadOrCreate(certPath, keyPath, createIfMissing: false);

        var handler = new LineEchoHandler();
        var options = TestServers.Listener() with { ImplicitTls = true, Certificate = loaded };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            await client.UpgradeAsync();
            Assert.Equal("220 ready", await client.ReadLineAsync());
        }
    }

    [Fact]
    public void Loads_a_pfx_with_its_password()
    {
        var pfxPath = Path.Combine(folder.FullName, "server.pfx");
        File.WriteAllBytes(pfxPath, TestServers.Certificate.Export(X509ContentType.Pkcs12, "s3cret"));

        using var loaded = CertificateStore.LoadOrCreate(pfxPath, string.Empty, createIfMissing: false, pfxPassword: "s3cret");

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(TestServers.Certificate.Thumbprint, loaded.Thumbprint);
        var wrong = Assert.Throws<CertificateLoadException>(() => CertificateStore.LoadOrCreate(pfxPath, string.Empty, false, "wrong"));
        Assert.Contains(pfxPath, wrong.Message);
    }

    [Fact]
    public void Creates_a_pfx_when_the_configured_file_is_pkcs12()
    {
        var pfxPath = Path.Combine(folder.FullName, "new.p12");
        using var created = CertificateStore.LoadOrCreate(pfxPath, string.Empty, createIfMissing: true, pfxPassword: "pw");
        using var loaded = CertificateStore.LoadOrCreate(pfxPath, string.Empty, createIfMissing: false, pfxPassword: "pw");
        Assert.Equal(created.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void Missing_files_without_create_name_the_path()
    {
        var certPath = Path.Combine(folder.FullName, "absent.crt");
        var keyPath = Path.Combine(folder.FullName, "absent.key");
        var error = Assert.Throws<CertificateLoadException>(() => CertificateStore.LoadOrCreate(certPath, keyPath, createIfMissing: false));
        Assert.Contains(certPath, error.Message);
        Assert.Equal(certPath, error.Path);
    }

    [Fact]
    public void A_certificate_without_its_key_is_not_overwritten()
    {
        var certPath = Path.Combine(folder.FullName, "only.crt");
        var keyPath = Path.Combine(folder.FullName, "only.key");
        File.WriteAllText(certPath, TestServers.Certificate.ExportCertificatePem());
        var error = Assert.Throws<CertificateLoadException>(() => CertificateStore.LoadOrCreate(certPath, keyPath, createIfMissing: true));
        Assert.Contains(keyPath, error.Message);
        Assert.Equal(TestServers.Certificate.ExportCertificatePem(), File.ReadAllText(certPath));
    }

    [Fact]
    public void An_unreadable_pem_names_the_file()
    {
        var certPath = Path.Combine(folder.FullName, "junk.crt");
        var keyPath = Path.Combine(folder.FullName, "junk.key");
        File.WriteAllText(certPath, "not a certificate");
        File.WriteAllText(keyPath, "not a key");
        var error = Assert.Throws<CertificateLoadException>(() => CertificateStore.LoadOrCreate(certPath, keyPath, createIfMissing: true));
        Assert.Contains(certPath, error.Message);
    }
}
