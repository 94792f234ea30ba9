using ActorMail.Host.Tests.Support;

namespace ActorMail.Host.Tests;

/// <summary>`user add|show` against a stopped node: passwords, bare local parts, case, and the error exit codes.</summary>
public sealed class CliUserTests : IDisposable
{
    private readonly ActorMailHome _home = new("users");

    [Fact]
    public async Task User_add_and_show_with_bare_local_part_and_case_insensitive_addresses()
    {
        var added = (await _home.RunWithInputAsync("s3cret-pass\n", "user", "add", "Ann", "--name", "Ann Example", "--password-stdin")).ShouldSucceed();
        Assert.Contains("ann@localhost", added, StringComparison.Ordinal);

        // The same account under another spelling already exists.
        (await _home.RunWithInputAsync("other\n", "user", "add", "ANN@LocalHost", "--password-stdin")).ShouldFailWith(73);

        var show = JsonOutput.Parse((await _home.RunAsync("user", "show", "aNN@LOCALHOST", "--json")).ShouldSucceed());
        Assert.Equal("ann@localhost", show.GetProperty("address").GetString());
        Assert.Equal("Ann Example", show.GetProperty("name").GetString());
        Assert.True(show.GetProperty("active").GetBoolean());
        Assert.Equal(0, show.GetProperty("inbox").GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task User_add_without_password_stdin_and_without_a_terminal_is_a_usage_error()
    {
        (await _home.RunAsync("user", "add", "bob@localhost")).ShouldFailWith(64);
        Assert.False(File.Exists(Path.Combine(_home.DataDir, "actormail.db")), "a refused verb must not touch the store");
    }

    [Fact]
    public async Task Malformed_address_is_65()
    {
        var malformed = (await _home.RunWithInputAsync("pw\n", "user", "add", "not@@an address", "--password-stdin")).ShouldFailWith(65);
        Assert.Contains("not@@an address", malformed, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
