namespace ActorMail.Protocols.Smtp;

/// <summary>The service extensions one EHLO reply offers.</summary>
/// <param name="MaxMessageSize">Advertised as SIZE n (RFC 1870); 0 advertises SIZE without a fixed maximum.</param>
/// <param name="StartTls">Offer STARTTLS (only before TLS is active).</param>
/// <param name="AuthMechanisms">SASL mechanisms to offer; empty omits AUTH (e.g. plaintext login not allowed here).</param>
public sealed record EhloCapabilities(
    long MaxMessageSize,
    bool StartTls,
    IReadOnlyList<string> AuthMechanisms,
    bool Pipelining = true,
    bool EightBitMime = true,
    bool SmtpUtf8 = true,
    bool Chunking = true,
    bool BinaryMime = false,
    bool Dsn = true,
    bool EnhancedStatusCodes = true);
