namespace ActorMail.Configuration;

/// <summary>DKIM signing of outbound mail (RFC 6376).</summary>
public sealed record DkimSettings
{
    public required string Domain { get; init; }
    public required string Selector { get; init; }
    /// <summary>Absolute path of the PEM private key (checked to exist).</summary>
    public required string PrivateKeyPath { get; init; }
}
