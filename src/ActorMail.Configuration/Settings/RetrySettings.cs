namespace ActorMail.Configuration;

/// <summary>Retry back-off of temporary delivery failures: starts at First, doubles, capped at Max.</summary>
public sealed record RetrySettings
{
    public required TimeSpan First { get; init; }
    public required TimeSpan Max { get; init; }
}
