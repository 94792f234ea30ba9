using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorMail.Transport.Tls;

/// <summary>Loads the server certificate from PEM or PKCS#12 files, creating a self-signed one for localhost on first start.</summary>
public static class CertificateStore
{
    private static readonly TimeSpan SelfSignedLifetime = TimeSpan.FromDays(3653);

    /// <summary>
    /// Loads the certificate at <paramref name="certPath"/>: PKCS#12 when it ends in <c>.pfx</c> or <c>.p12</c>
    /// (key included, <paramref name="pfxPassword"/> optional), otherwise PEM with the key in <paramref name="keyPath"/>.
    /// When neither file exists and <paramref name="createIfMissing"/> is set, creates a self-signed certificate
    /// (CN=localhost; SAN localhost, 127.0.0.1, ::1; RSA 2048, SHA-256, 10 years), writes it (key file mode 0600)
    /// and returns it.
    /// </summary>
    /// <exception cref="CertificateLoadException">A file is missing or unreadable; the message names it.</exception>
    public static X509Certificate2 LoadOrCreate(string certPath, string keyPath, bool createIfMissing, string? pfxPassword = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certPath);
        var isPkcs12 = IsPkcs12(certPath);
        if (!isPkcs12)
        {
            ArgumentException.ThrowIfNullOrEmpty(keyPath);
        }

        var certExists = File.Exists(certPath);
        var keyExists = isPkcs12 || File.Exists(keyPath);
        if (!certExists && (isPkcs12 || !keyExists) && createIfMissing)
        {
            return Create(certPath, keyPath, isPkcs12, pfxPassword);
        }

        if (!certExists)
        {
            throw new CertificateLoadException(certPath, $"certificate file not found: {certPath}");
        }

        if (!keyExists)
        {
            throw new CertificateLoadException(keyPath, $"private key file not found: {keyPath} (for certificate {certPath})");
        }

        return isPkcs12 ? LoadPkcs12(certPath, pfxPassword) : LoadPem(certPath, keyPath);
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static X509Certificate2 LoadPem(string certPath, string keyPath)
    {
        X509Certificate2 pem;
        try
        {
            pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CertificateLoadException(certPath, $"cannot read certificate {certPath} with key {keyPath}: {ex.Message}", ex);
        }

        using (pem)
        {
            // Re-importing through PKCS#12 gives a key that SslStream can use on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static X509Certificate2 LoadPkcs12(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CertificateLoadException(path, $"cannot read PKCS#12 file {path}: {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CertificateLoadException(path, $"PKCS#12 file {path} holds no private key");
        }

        return certificate;
    }

    private static X509Certificate2 Create(string certPath, string keyPath, bool asPkcs12, string? password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());

        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.Add(SelfSignedLifetime));
        try
        {
            if (asPkcs12)
            {
                WritePrivate(certPath, created.Export(X509ContentType.Pkcs12, password));
            }
            else
            {
                WritePrivate(keyPath, System.Text.Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem() + "\n"));
                WriteFile(certPath, System.Text.Encoding.ASCII.GetBytes(created.ExportCertificatePem() + "\n"), FileMode.Create, null);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var failed = asPkcs12 || File.Exists(keyPath) ? certPath : keyPath;
            throw new CertificateLoadException(failed, $"cannot write certificate files {certPath} / {keyPath}: {ex.Message}", ex);
        }

        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes a file that holds a private key: created new, readable and writable by the owner only.</summary>
    private static void WritePrivate(string path, byte[] content) =>
        WriteFile(path, content, FileMode.CreateNew, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    private static void WriteFile(string path, byte[] content, FileMode mode, UnixFileMode? unixMode)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (unixMode is { } m && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = m;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
