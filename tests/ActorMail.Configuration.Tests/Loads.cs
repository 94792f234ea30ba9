namespace ActorMail.Configuration.Tests;

internal static class Loads
{
    public const string HostName = "mx1.example.test";

    /// <summary>Loads with <paramref name="file"/> written as ./actormail.conf (when given) in <paramref name="dir"/>.</summary>
    public static SettingsLoadResult Run(
        TempDir dir, string? file = null, IDictionary<string, string>? env = null,
        string? data = null, string? configFile = null)
    {
        if (file is not null) dir.Write("actormail.conf", file);
        var source = new SettingsSource(configFile, data,
            new Dictionary<string, string>(env ?? new Dictionary<string, string>()), dir.Path)
        { HostName = HostName };
        return SettingsLoader.Load(source);
    }

    public static ActorMailSettings Valid(SettingsLoadResult r)
    {
        Assert.True(r.IsValid, string.Join("\n", r.Errors.Select(e => e.Message)));
        return r.Settings!;
    }

    public static SettingsError SingleError(SettingsLoadResult r)
    {
        Assert.False(r.IsValid);
        Assert.Null(r.Settings);
        return Assert.Single(r.Errors);
    }

    public static EffectiveSetting Effective(SettingsLoadResult r, string path) =>
        r.Effective.Single(e => e.Path == path);
}
