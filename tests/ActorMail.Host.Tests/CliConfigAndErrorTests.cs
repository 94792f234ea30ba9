using ActorMail.Host.Tests.Support;

namespace ActorMail.Host.Tests;

/// <summary>`config check`, configuration errors (78), usage errors (64) and an unwritable data folder (77).</summary>
public sealed class CliConfigAndErrorTests : IDisposable
{
    private readonly ActorMailHome _home = new("config");

    [Fact]
    public async Task Config_check_prints_effective_hocon_with_origins_and_masks_secrets()
    {
        // ./actormail.conf in the working directory is read without --config.
        await File.WriteAllTextAsync(Path.Combine(_home.WorkDir, "actormail.conf"), "actormail { domains { primary = mail.example } }\n");
        var result = await _home.RunRawAsync(null, new Dictionary<string, string>
        {
            ["ACTORMAIL__DELIVERY__SMARTHOST__HOST"] = "relay.example",
            ["ACTORMAIL__DELIVERY__SMARTHOST__USERNAME"] = "relayuser",
            ["ACTORMAIL__DELIVERY__SMARTHOST__PASSWORD"] = "Very-Secret-9",
        }, "--data", _home.DataDir, "config", "check");
        var text = result.ShouldSucceed();

        Assert.StartsWith("#", text, StringComparison.Ordinal);
        Assert.Contains("actormail {", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s*primary = mail\.example\s+# file .*actormail\.conf$", text);
        Assert.Matches(@"(?m)^\s*data-dir = .*# --data$", text);
        Assert.Matches(@"(?m)^\s*host = relay\.example\s+# environment ACTORMAIL__DELIVERY__SMARTHOST__HOST$", text);
        Assert.Matches(@"(?m)^\s*timeout = 5m\s+# reference$", text);
        Assert.Matches(@"(?m)^\s*password = .*# environment ACTORMAIL__DELIVERY__SMARTHOST__PASSWORD$", text);
        Assert.DoesNotContain("Very-Secret-9", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_home.DataDir), "config check must not create the data folder");
    }

    [Fact]
    public async Task Unknown_key_in_the_config_file_is_78_with_a_suggestion()
    {
        var conf = Path.Combine(_home.WorkDir, "bad.conf");
        await File.WriteAllTextAsync(conf, "actormail {\n  smtp {\n    prot = 2525\n  }\n}\n");

        var check = (await _home.RunAsync("--config", conf, "config", "check")).ShouldFailWith(78);
        Assert.Contains("actormail.smtp.prot", check, StringComparison.Ordinal);
        Assert.Contains("actormail.smtp.port", check, StringComparison.Ordinal);
        Assert.Contains(conf, check, StringComparison.Ordinal);

        // Every verb refuses to start on an invalid configuration, before touching the store.
        var verb = (await _home.RunAsync("--config", conf, "domain", "list")).ShouldFailWith(78);
        Assert.Contains("actormail.smtp.port", verb, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_home.DataDir));
    }

    [Fact]
    public async Task Bad_environment_values_and_unknown_environment_keys_are_78()
    {
        var badValue = (await _home.RunRawAsync(null, new Dictionary<string, string> { ["ACTORMAIL__SMTP__MAX_RECIPIENTS"] = "lots" },
            "--data", _home.DataDir, "user", "list")).ShouldFailWith(78);
        Assert.Contains("ACTORMAIL__SMTP__MAX_RECIPIENTS", badValue, StringComparison.Ordinal);
        Assert.Contains("actormail.smtp.max-recipients", badValue, StringComparison.Ordinal);

        var unknown = (await _home.RunRawAsync(null, new Dictionary<string, string> { ["ACTORMAIL__IMAP__PROT"] = "1143" },
            "--data", _home.DataDir, "config", "check")).ShouldFailWith(78);
        Assert.Contains("ACTORMAIL__IMAP__PROT", unknown, StringComparison.Ordinal);
        Assert.Contains("actormail.imap.port", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_verbs_and_options_are_64()
    {
        (await _home.RunAsync("frobnicate")).ShouldFailWith(64);
        (await _home.RunAsync("user", "list", "--bogus-option")).ShouldFailWith(64);
    }

    [Fact]
    public async Task Data_folder_that_cannot_be_created_is_77()
    {
        // Root ignores file modes, so the data folder goes below a regular file instead.
        var file = Path.Combine(_home.Root, "plain-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var data = Path.Combine(file, "data");

        var verb = await _home.RunRawAsync("pw\n", null, "--data", data, "user", "add", "x@localhost", "--password-stdin");
        Assert.Contains(data, verb.ShouldFailWith(77), StringComparison.Ordinal);

        var run = await _home.RunRawAsync(null, null, "--data", data, "run");
        Assert.Contains(data, run.ShouldFailWith(77), StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
