namespace ActorMail.Configuration;

/// <summary>Ports reserved for the HTTP API (<c>actormail.http</c>); -1 = off.</summary>
public sealed record HttpSettings
{
    public required int Port { get; init; }
    public required int SslPort { get; init; }
}
