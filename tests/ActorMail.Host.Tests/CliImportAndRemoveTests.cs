using ActorMail.Host.Tests.Support;

namespace ActorMail.Host.Tests;

/// <summary>`user import` (per-line report) and `user list` against a stopped node.</summary>
public sealed class CliImportTests : IDisposable
{
    private readonly ActorMailHome _home = new("import");

    [Fact]
    public async Task Import_adds_good_lines_and_reports_each_bad_line()
    {
        var file = Path.Combine(_home.WorkDir, "users.tsv");
        await File.WriteAllTextAsync(file, string.Join('\n',
            "# address<TAB>password<TAB>name",
            "imp1@localhost\tpw-one\tImp One",
            "IMP2\tpw-two",
            "no tab on this line",
            "bad@@address\tpw",
            "Imp1@LOCALHOST\tagain",
            ""));

        var result = await _home.RunAsync("user", "import", file);
        Assert.Equal(65, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("line 2: added imp1@localhost", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 3: added imp2@localhost", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 4: error", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 5: error", StringComparison.Ordinal) && l.Contains("bad@@address", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 6: error", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("line 1:", StringComparison.Ordinal));
        Assert.Contains("2 added, 3 failed", result.Stdout, StringComparison.Ordinal);
        result.AssertNoStackTrace();

        var list = JsonOutput.Parse((await _home.RunAsync("user", "list", "--json")).ShouldSucceed());
        var users = list.EnumerateArray().ToDictionary(u => u.GetProperty("address").GetString()!, u => u.GetProperty("name").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["imp1@localhost"] = "Imp One", ["imp2@localhost"] = "" }, users);
    }

    public void Dispose() => _home.Dispose();
}

/// <summary>`user remove` removes the account's mail too (stopped node).</summary>
public sealed class CliUserRemoveTests : IDisposable
{
    private readonly ActorMailHome _home = new("remove");

    [Fact]
    public async Task Removing_a_user_removes_its_mail_so_a_re_added_user_starts_empty()
    {
        (await _home.RunWithInputAsync("pw\n", "user", "add", "dora@localhost", "--password-stdin")).ShouldSucceed();
        var id = (await _home.RunWithInputAsync(ActorMailHome.Message("first", to: "dora@localhost"),
            "deliver", "--from", "sender@remote.example", "--to", "Dora@LocalHost")).ShouldSucceed().Trim();
        Assert.NotEmpty(id);
        Assert.Equal(1, JsonOutput.InboxCount((await _home.RunAsync("user", "show", "dora", "--json")).ShouldSucceed()));

        (await _home.RunAsync("user", "remove", "DORA@localhost")).ShouldSucceed();
        (await _home.RunAsync("user", "show", "dora")).ShouldFailWith(67);

        (await _home.RunWithInputAsync("pw\n", "user", "add", "dora@localhost", "--password-stdin")).ShouldSucceed();
        Assert.Equal(0, JsonOutput.InboxCount((await _home.RunAsync("user", "show", "dora", "--json")).ShouldSucceed()));
    }

    public void Dispose() => _home.Dispose();
}
