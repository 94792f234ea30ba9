using ActorMail.Host.Cli;
using ActorMail.Host.Tests.Support;

namespace ActorMail.Host.Tests;

/// <summary>
/// The CLI against a running node (through its admin socket), the one-writer lock, a clean SIGTERM
/// shutdown, and the node's log files.
/// </summary>
public sealed class RunningNodeTests : IDisposable
{
    private const string Password = "Pa55-unique-7f3c9e";

    private readonly ActorMailHome _home = new("running");

    [Fact]
    public async Task Cli_verbs_go_through_the_running_node_which_keeps_the_lock_and_logs()
    {
        await using var node = await _home.StartNodeAsync(new Dictionary<string, string>
        {
            ["ACTORMAIL__LOG__SQL"] = "on",
            ["ACTORMAIL__CONNECTION"] = "offline",
        });
        Assert.True(File.Exists(_home.AdminSocket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_home.AdminSocket));

        (await _home.RunWithInputAsync(Password + "\n", "user", "add", "Run1@LocalHost", "--name", "Runner", "--password-stdin")).ShouldSucceed();
        var local = (await _home.RunWithInputAsync(ActorMailHome.Message("to a local user", to: "run1@localhost"),
            "deliver", "--from", "sender@remote.example", "--to", "RUN1@localhost")).ShouldSucceed().Trim();
        var remote = (await _home.RunWithInputAsync(ActorMailHome.Message("to the outside", to: "far@remote.example"),
            "deliver", "--from", "other@remote.example", "--to", "far@remote.example")).ShouldSucceed().Trim();
        Assert.NotEqual(local, remote);

        // The acknowledged delivery reaches the mailbox; the count may lag the acknowledgement briefly.
        int count = await Eventually.ValueAsync(
            async () => JsonOutput.InboxCount((await _home.RunAsync("user", "show", "run1", "--json")).ShouldSucceed()),
            c => c == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, count);

        var queue = JsonOutput.Parse((await _home.RunAsync("queue", "list", "--json")).ShouldSucceed());
        var entry = Assert.Single(queue.EnumerateArray());
        Assert.Equal(remote, entry.GetProperty("id").GetString());
        (await _home.RunAsync("user", "show", "nobody")).ShouldFailWith(67);

        // The connection type switches at run time over actormail.connection (offline here), and back.
        // (While online, the send workers may try the remote message and bounce it to its remote sender:
        // that lands in the queue, never in run1's INBOX.)
        (await _home.RunAsync("connection", "online")).ShouldSucceed();
        var online = JsonOutput.Parse((await _home.RunAsync("connection", "show", "--json")).ShouldSucceed());
        Assert.Equal("permanent", online.GetProperty("effective").GetString());
        Assert.Equal("offline", online.GetProperty("configured").GetString());
        (await _home.RunAsync("connection", "reset")).ShouldSucceed();
        Assert.Equal("offline", JsonOutput.Parse((await _home.RunAsync("connection", "show", "--json")).ShouldSucceed()).GetProperty("effective").GetString());

        // The node holds the lock all along, so the CLI calls above succeeded without taking it (they would
        // have exited 75); the lock file still names the node's pid; a second node is refused.
        Assert.Throws<IOException>(() => new FileStream(_home.LockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());
        Assert.Equal(node.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), (await ReadUnlockedAsync(_home.LockFile)).Trim());
        var second = (await _home.RunAsync("run")).ShouldFailWith(75);
        Assert.Contains(_home.LockFile, second, StringComparison.Ordinal);
        Assert.False(node.HasExited);
        var list = await node.SendAsync(new CliRequest { Words = ["user", "list"], Json = true });
        Assert.Equal(0, list.Exit);
        Assert.Contains("run1@localhost", list.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, await node.StopAsync());
        Assert.False(File.Exists(_home.AdminSocket), "a clean stop removes the admin socket");

        var logs = Path.Combine(_home.DataDir, "logs");
        var main = Assert.Single(Directory.GetFiles(logs, "actormail-*.log"));
        var mainText = await File.ReadAllTextAsync(main);
        Assert.Contains("ActorMail starting", mainText, StringComparison.Ordinal);
        Assert.Contains("ready", mainText, StringComparison.Ordinal);
        Assert.Contains("actormail user add", mainText, StringComparison.Ordinal);
        Assert.Contains("ActorMail stopped", mainText, StringComparison.Ordinal);

        var sql = Assert.Single(Directory.GetFiles(logs, "sql-*.log"));
        var sqlText = await File.ReadAllTextAsync(sql);
        Assert.Contains("SELECT", sqlText, StringComparison.Ordinal);
        Assert.Contains("INSERT", sqlText, StringComparison.OrdinalIgnoreCase);

        foreach (var file in Directory.GetFiles(logs))
            Assert.DoesNotContain(Password, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, await node.OutputAsync(), StringComparison.Ordinal);
        CliResult.AssertNoRuntimeLogOnStdout(await node.StdoutAsync());

        // With the node gone, the next verb takes the lock itself and finds what the node stored.
        Assert.Equal(1, JsonOutput.InboxCount((await _home.RunAsync("user", "show", "run1@localhost", "--json")).ShouldSucceed()));
    }

    /// <summary>Reads a file another process holds an exclusive lock on (.NET's own file opening would take a shared lock and fail).</summary>
    private static async Task<string> ReadUnlockedAsync(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("cat") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        using var cat = System.Diagnostics.Process.Start(start)!;
        var text = await cat.StandardOutput.ReadToEndAsync();
        await cat.WaitForExitAsync();
        Assert.Equal(0, cat.ExitCode);
        return text;
    }

    public void Dispose() => _home.Dispose();
}
