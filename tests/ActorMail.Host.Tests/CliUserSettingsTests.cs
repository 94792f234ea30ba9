using ActorMail.Accounts;
using ActorMail.Accounts.Authentication;
using ActorMail.Core;
using ActorMail.Host.Node;
using ActorMail.Host.Tests.Support;
using ActorMail.Storage.Persistence;
using Akka.Actor;

namespace ActorMail.Host.Tests;

/// <summary>`user set` and `user passwd` against a stopped node; the stored result is read back from the store.</summary>
public sealed class CliUserSettingsTests : IDisposable
{
    private readonly ActorMailHome _home = new("user-settings");

    [Fact]
    public async Task User_set_changes_name_active_forward_keep_copy_and_smarthost()
    {
        (await _home.RunWithInputAsync("first-pass\n", "user", "add", "carol", "--password-stdin")).ShouldSucceed();
        (await _home.RunAsync(
            "user", "set", "Carol@localhost", "--name", "Carol C", "--active", "false",
            "--forward", "a@remote.example,B@Remote.Example", "--keep-copy", "--smarthost", "relay.example:2525")).ShouldSucceed();

        var show = JsonOutput.Parse((await _home.RunAsync("user", "show", "carol", "--json")).ShouldSucceed());
        Assert.Equal("Carol C", show.GetProperty("name").GetString());
        Assert.False(show.GetProperty("active").GetBoolean());
        Assert.Equal(["a@remote.example", "b@remote.example"],
            show.GetProperty("forward").EnumerateArray().Select(f => f.GetString()!.ToLowerInvariant()).ToArray());
        Assert.True(show.GetProperty("keepCopy").GetBoolean());
        Assert.Equal("relay.example:2525", show.GetProperty("smarthost").GetString());

        (await _home.RunWithInputAsync("second-pass\n", "user", "passwd", "carol", "--password-stdin")).ShouldSucceed();
        var missing = (await _home.RunWithInputAsync("x\n", "user", "passwd", "nobody", "--password-stdin")).ShouldFailWith(67);
        Assert.Contains("nobody@localhost", missing, StringComparison.Ordinal);

        // The stored hash verifies the new password only.
        var account = await ReadAccountAsync("carol@localhost");
        var hasher = new PasswordHasher();
        Assert.True(hasher.Verify("second-pass", account.PasswordHash));
        Assert.False(hasher.Verify("first-pass", account.PasswordHash));
        Assert.DoesNotContain("second-pass", account.PasswordHash, StringComparison.Ordinal);
    }

    /// <summary>Opens the stopped node's store in this process, holding the data-folder lock as the CLI does.</summary>
    private async Task<Account> ReadAccountAsync(string address)
    {
        using var folder = new DataFolder(_home.DataDir);
        folder.Lock();
        await using var runtime = await NodeRuntime.StartAsync(RuntimeMode.Tool, _home.DataDir, StoreProvider.Sqlite,
            $"Data Source={Path.Combine(_home.DataDir, "actormail.db")}", "127.0.0.1", 0, SystemClock.Instance, CancellationToken.None);
        var state = await runtime.Directory.Ask<DirectoryState>(new DirectoryProtocol.GetSnapshot(), TimeSpan.FromSeconds(30));
        return state.FindAccount(MailAddress.Parse(address)) ?? throw new InvalidOperationException("no account " + address);
    }

    public void Dispose() => _home.Dispose();
}
