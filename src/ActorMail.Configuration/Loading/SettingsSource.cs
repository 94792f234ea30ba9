namespace ActorMail.Configuration;

/// <summary>Inputs of <see cref="SettingsLoader.Load"/>: the command-line flags, the environment and the working directory.</summary>
/// <param name="ConfigFile">--config FILE, or null to read &lt;WorkingDirectory&gt;/actormail.conf when it exists.</param>
/// <param name="DataDirFlag">--data DIR, or null.</param>
/// <param name="Environment">Process environment; only ACTORMAIL__* variables are read.</param>
/// <param name="WorkingDirectory">Base of relative paths (config file, data-dir, certificate paths).</param>
public sealed record SettingsSource(
    string? ConfigFile,
    string? DataDirFlag,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory)
{
    /// <summary>Host name used to derive delivery.helo-name; null = this machine's host name.</summary>
    public string? HostName { get; init; }

    /// <summary>A source for the current process: its environment, working directory and host name.</summary>
    public static SettingsSource FromProcess(string? configFile, string? dataDirFlag)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        return new SettingsSource(configFile, dataDirFlag, env, Directory.GetCurrentDirectory());
    }
}
