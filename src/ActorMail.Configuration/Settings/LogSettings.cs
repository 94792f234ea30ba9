namespace ActorMail.Configuration;

/// <summary>Logging (<c>actormail.log</c>).</summary>
public sealed record LogSettings
{
    public required ActorMailLogLevel Level { get; init; }
    public required ProtocolLogMode Protocol { get; init; }
    public required bool Sql { get; init; }
    /// <summary>Bytes.</summary>
    public required long MaxFileSize { get; init; }
    public required int MaxFiles { get; init; }
}
