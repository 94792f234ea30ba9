namespace ActorMail.Configuration;

/// <summary>IMAP listeners and limits (<c>actormail.imap</c>). A port of -1 means that listener is off.</summary>
public sealed record ImapSettings
{
    public required int Port { get; init; }
    public required int SslPort { get; init; }
    public required TimeSpan Timeout { get; init; }
    /// <summary>Bytes; 0 forbids APPEND.</summary>
    public required long AppendLimit { get; init; }
    /// <summary>Interval of automatic expunge, or null when off.</summary>
    public required TimeSpan? AutoExpungeInterval { get; init; }
    public required int MaxConnectionsPerIp { get; init; }
    public required AccessSettings Access { get; init; }
}
