using ActorMail.Host.Tests.Support;

namespace ActorMail.Host.Tests;

/// <summary>`domain add|list|remove` against a stopped node (each verb takes the lock and works on the store).</summary>
public sealed class CliDomainTests : IDisposable
{
    private readonly ActorMailHome _home = new("domains");

    [Fact]
    public async Task Domains_are_added_listed_and_removed_and_configured_ones_stay()
    {
        Assert.Contains("example.test", (await _home.RunAsync("domain", "add", "Example.TEST")).ShouldSucceed(), StringComparison.Ordinal);

        var list = JsonOutput.Parse((await _home.RunAsync("domain", "list", "--json")).ShouldSucceed());
        var domains = list.EnumerateArray().ToDictionary(d => d.GetProperty("domain").GetString()!, d => d.GetProperty("primary").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["localhost"] = true, ["example.test"] = false }, domains);

        // Domain names are case-insensitive: the same domain again already exists.
        (await _home.RunAsync("domain", "add", "EXAMPLE.test")).ShouldFailWith(73);

        // The primary domain comes from the settings: removing it fails naming the key.
        var error = (await _home.RunAsync("domain", "remove", "localhost")).ShouldFailWith(78);
        Assert.Contains("actormail.domains.primary", error, StringComparison.Ordinal);

        Assert.Contains("example.test", (await _home.RunAsync("domain", "remove", "example.test")).ShouldSucceed(), StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
