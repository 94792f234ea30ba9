namespace ActorMail.Configuration;

/// <summary>Relay for all outbound mail (<c>actormail.delivery.smarthost</c>).</summary>
public sealed record SmarthostSettings
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required SmarthostTls Tls { get; init; }
    /// <summary>Login for AUTH at the relay, or null for no AUTH.</summary>
    public required string? Username { get; init; }
    public required string? Password { get; init; }
}
