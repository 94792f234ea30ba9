namespace ActorMail.Configuration;

/// <summary>Store settings (<c>actormail.storage</c>); the connection string is already derived.</summary>
public sealed record StorageSettings
{
    public required StorageProvider Provider { get; init; }
    public required string ConnectionString { get; init; }
}
