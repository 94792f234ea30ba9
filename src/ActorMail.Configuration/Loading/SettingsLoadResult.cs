namespace ActorMail.Configuration;

/// <summary>Outcome of <see cref="SettingsLoader.Load"/>: the settings when valid, else every error found.</summary>
public sealed record SettingsLoadResult
{
    /// <summary>The bound settings, or null when there is any error.</summary>
    public required ActorMailSettings? Settings { get; init; }
    public required IReadOnlyList<SettingsError> Errors { get; init; }
    /// <summary>Accepted but doubtful settings (timeouts below the RFC floor, open relay, plaintext logins).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>Absolute path of the user file that was read, or null when none was.</summary>
    public required string? ConfigFile { get; init; }
    /// <summary>Every reference key with its effective value and origin, in reference order.</summary>
    public required IReadOnlyList<EffectiveSetting> Effective { get; init; }

    /// <summary>Paths read by the binder (coverage checks).</summary>
    internal IReadOnlySet<string> BoundPaths { get; init; } = new HashSet<string>();

    public bool IsValid => Settings is not null && Errors.Count == 0;
}
