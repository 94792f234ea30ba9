namespace ActorMail.Configuration;

/// <summary>POP3 listeners and limits (<c>actormail.pop3</c>). A port of -1 means that listener is off.</summary>
public sealed record Pop3Settings
{
    public required int Port { get; init; }
    public required int SslPort { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required int MaxConnectionsPerIp { get; init; }
    public required AccessSettings Access { get; init; }
}
