namespace ActorMail.Configuration;

/// <summary>Login rules shared by all protocols (<c>actormail.auth</c>).</summary>
public sealed record AuthSettings
{
    public required PlaintextAuthPolicy Plaintext { get; init; }
    public required TimeSpan FailureDelay { get; init; }
    public required int MaxFailuresPerIp { get; init; }
    public required TimeSpan FailureWindow { get; init; }
    /// <summary>How long a verified login stays cached; zero disables the cache.</summary>
    public required TimeSpan CacheTtl { get; init; }
}
