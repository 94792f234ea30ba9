namespace ActorMail.Configuration;

/// <summary>S/MIME signing of outbound mail (RFC 8551).</summary>
public sealed record SmimeSettings
{
    /// <summary>Absolute path of the PFX file (checked to exist).</summary>
    public required string CertificatePath { get; init; }
    public required string? Password { get; init; }
}
