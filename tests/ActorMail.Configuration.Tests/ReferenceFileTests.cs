namespace ActorMail.Configuration.Tests;

/// <summary>The reference file documents each key and is embedded in the assembly.</summary>
public sealed class ReferenceFileTests
{
    [Fact]
    public void Embedded_text_is_the_repository_file()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "hocon", "actormail.reference.conf")))
            dir = Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        Assert.Equal(File.ReadAllText(Path.Combine(dir!, "hocon", "actormail.reference.conf")), SettingsLoader.ReferenceConfigText);
    }

    [Fact]
    public void Every_key_has_a_comment_naming_its_default()
    {
        var lines = SettingsLoader.ReferenceConfigText.Split('\n').Select(l => l.Trim()).ToList();
        int keys = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#') || !line.Contains(" = ", StringComparison.Ordinal)) continue;
            keys++;
            var comment = new List<string>();
            for (int j = i - 1; j >= 0 && lines[j].StartsWith('#'); j--) comment.Add(lines[j]);
            Assert.True(comment.Any(c => c.Contains("Default:", StringComparison.Ordinal)), $"no 'Default:' comment above: {line}");
        }
        Assert.Equal(SettingsLoader.AllReferenceKeys().Count, keys);
    }

    [Fact]
    public void Reference_keys_are_kebab_case_under_actormail()
    {
        var keys = SettingsLoader.AllReferenceKeys();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
            Assert.Matches("^actormail(\\.[a-z][a-z0-9-]*)+$", key);
    }
}
