using Akka.Configuration;

namespace ActorMail.Configuration.Tests;

/// <summary>`config check` output: HOCON with an origin comment per value and secrets masked.</summary>
public sealed class RenderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Line(string rendered, string key) =>
        rendered.Split('\n').Single(l => l.TrimStart().StartsWith(key + " = ", StringComparison.Ordinal)).Trim();

    [Fact]
    public void Each_value_is_marked_with_its_layer()
    {
        var r = Loads.Run(_dir, "actormail.imap.port = 1143",
            new Dictionary<string, string> { ["ACTORMAIL__SMTP__PORT"] = "2525" }, data: "/srv/am");
        var text = SettingsLoader.RenderEffective(r);
        var conf = Path.Combine(_dir.Path, "actormail.conf");
        Assert.Equal("data-dir = \"/srv/am\"  # --data", Line(text, "data-dir"));
        Assert.Contains("  port = 2525  # environment ACTORMAIL__SMTP__PORT\n", text);
        Assert.Contains($"port = 1143  # file {conf}", text);
        Assert.Equal("submission-port = 587  # reference", Line(text, "submission-port"));
        Assert.Equal("postmaster = \"postmaster@localhost\"  # derived", Line(text, "postmaster"));
        Assert.Equal("connection-string = \"Data Source=/srv/am/actormail.db\"  # derived", Line(text, "connection-string"));
        Assert.Equal($"helo-name = {Loads.HostName}  # derived", Line(text, "helo-name"));
        Assert.Contains($"# config file: {conf}", text);
    }

    [Fact]
    public void Secrets_are_masked()
    {
        var r = Loads.Run(_dir, """
            actormail.delivery.smarthost { host = relay.example.test, username = u1, password = "hunter2" }
            actormail.storage.connection-string = "Data Source=/x.db;Password=topsecret;Cache=Shared"
            """, new Dictionary<string, string> { ["ACTORMAIL__DELIVERY__SMIME__PASSWORD"] = "pfxsecret" });
        var text = SettingsLoader.RenderEffective(r);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("topsecret", text);
        Assert.DoesNotContain("pfxsecret", text);
        Assert.StartsWith("password = \"********\"  # file ", text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("password", StringComparison.Ordinal)));
        Assert.Contains("\"Data Source=/x.db;Password=********;Cache=Shared\"", text);
        Assert.Contains("password = \"********\"  # environment ACTORMAIL__DELIVERY__SMIME__PASSWORD", text);
        Assert.Equal("hunter2", Loads.Valid(r).Delivery.Smarthost!.Password);
    }

    [Fact]
    public void Output_is_hocon_with_every_reference_key()
    {
        var r = Loads.Run(_dir, "actormail.domains.additional = [a.test, \"b.test\"]");
        var config = ConfigurationFactory.ParseString(SettingsLoader.RenderEffective(r));
        foreach (var key in SettingsLoader.AllReferenceKeys())
            Assert.True(config.HasPath(key), key);
        Assert.Equal(new[] { "a.test", "b.test" }, config.GetStringList("actormail.domains.additional"));
        Assert.Equal(587, config.GetInt("actormail.smtp.submission-port"));
        Assert.Equal("5d", config.GetString("actormail.delivery.give-up-after"));
    }

    [Fact]
    public void Invalid_settings_still_render_and_say_so()
    {
        var r = Loads.Run(_dir, "actormail.smtp.port = nope");
        var text = SettingsLoader.RenderEffective(r);
        Assert.Contains("# INVALID: 1 error", text);
        Assert.Contains("port = nope  # file ", text);
    }
}
