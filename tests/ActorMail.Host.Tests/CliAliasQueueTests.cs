using ActorMail.Host.Tests.Support;

namespace ActorMail.Host.Tests;

/// <summary>`alias` and `queue` verbs against a stopped node.</summary>
public sealed class CliAliasQueueTests : IDisposable
{
    private readonly ActorMailHome _home = new("alias-queue");

    public CliAliasQueueTests()
    {
        // Nothing ever leaves for the outside world from these tests.
        _home.Environment["ACTORMAIL__CONNECTION"] = "offline";
    }

    [Fact]
    public async Task Aliases_expand_to_the_queue_whose_entries_are_listed_shown_flushed_and_deleted()
    {
        // An alias of a local domain pointing outside: mail to it is queued for the remote target.
        (await _home.RunAsync("alias", "add", "Sales@LocalHost", "far@remote.example")).ShouldSucceed();
        var id = (await _home.RunWithInputAsync(ActorMailHome.Message("outbound", to: "sales@localhost"),
            "deliver", "--from", "sender@localhost", "--to", "sales@localhost")).ShouldSucceed().Trim();

        var list = JsonOutput.Parse((await _home.RunAsync("queue", "list", "--json")).ShouldSucceed());
        var entry = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, entry.GetProperty("id").GetString());
        Assert.Equal("sender@localhost", entry.GetProperty("sender").GetString());
        var rcpt = Assert.Single(entry.GetProperty("recipients").EnumerateArray());
        Assert.Equal("far@remote.example", rcpt.GetProperty("address").GetString());
        Assert.Equal("pending", rcpt.GetProperty("status").GetString());

        var show = (await _home.RunAsync("queue", "show", id)).ShouldSucceed();
        Assert.Contains("far@remote.example", show, StringComparison.Ordinal);

        var aliases = JsonOutput.Parse((await _home.RunAsync("alias", "list", "--json")).ShouldSucceed());
        var alias = Assert.Single(aliases.EnumerateArray());
        Assert.Equal("sales@localhost", alias.GetProperty("alias").GetString());
        Assert.Equal(["far@remote.example"], alias.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!.ToLowerInvariant()).ToArray());

        (await _home.RunAsync("queue", "flush")).ShouldSucceed();
        (await _home.RunAsync("queue", "delete", id)).ShouldSucceed();
        var gone = (await _home.RunAsync("queue", "show", id)).ShouldFailWith(67);
        Assert.Contains(id, gone, StringComparison.Ordinal);
        // Deleted stays deleted in every later process (the store is reopened each time).
        Assert.Equal(0, JsonOutput.Parse((await _home.RunAsync("queue", "list", "--json")).ShouldSucceed()).GetArrayLength());

        (await _home.RunAsync("alias", "remove", "SALES@localhost", "far@remote.example")).ShouldSucceed();
    }

    public void Dispose() => _home.Dispose();
}

/// <summary>`connection online|offline|show|reset` persist across processes (stopped node).</summary>
public sealed class CliConnectionTests : IDisposable
{
    private readonly ActorMailHome _home = new("connection");

    [Fact]
    public async Task Connection_type_override_persists_until_reset()
    {
        (await _home.RunAsync("connection", "offline")).ShouldSucceed();
        var offline = JsonOutput.Parse((await _home.RunAsync("connection", "show", "--json")).ShouldSucceed());
        Assert.Equal("offline", offline.GetProperty("effective").GetString());
        Assert.Equal("permanent", offline.GetProperty("configured").GetString());
        Assert.True(offline.GetProperty("overridden").GetBoolean());

        // Cleared, actormail.connection (permanent by default) applies again.
        (await _home.RunAsync("connection", "reset")).ShouldSucceed();
        var reset = JsonOutput.Parse((await _home.RunAsync("connection", "show", "--json")).ShouldSucceed());
        Assert.Equal("permanent", reset.GetProperty("effective").GetString());
        Assert.False(reset.GetProperty("overridden").GetBoolean());
    }

    public void Dispose() => _home.Dispose();
}
