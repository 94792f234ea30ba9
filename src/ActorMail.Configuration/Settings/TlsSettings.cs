using System.Security.Authentication;

namespace ActorMail.Configuration;

/// <summary>Server certificate and outbound TLS limit (<c>actormail.tls</c>).</summary>
public sealed record TlsSettings
{
    /// <summary>Absolute path of the certificate (PEM or PFX).</summary>
    public required string CertificatePath { get; init; }
    /// <summary>Absolute path of the PEM private key, or null when the key is inside the certificate file.</summary>
    public required string? PrivateKeyPath { get; init; }
    /// <summary>True when both paths are derived: the files are created self-signed at first start.</summary>
    public required bool IsDefaultCertificate { get; init; }
    /// <summary>Tls12 or Tls13.</summary>
    public required SslProtocols MaxVersionOutbound { get; init; }
}
