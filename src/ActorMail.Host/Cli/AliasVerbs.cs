using static ActorMail.Accounts.DirectoryCommands;
using static ActorMail.Host.Cli.CliArguments;

namespace ActorMail.Host.Cli;

/// <summary>Runs the <c>alias add|remove|list</c> admin verbs.</summary>
internal sealed class AliasVerbs(CliContext cli)
{
    public async Task<int> Change(CliRequest r, bool add)
    {
        var alias = Address(r.Word(2, "ALIAS"));
        var target = Address(r.Word(3, "TARGET"));
        await cli.Command(add ? new AddAlias(alias, target) : new RemoveAlias(alias, target)).ConfigureAwait(false);
        cli.Out.Append(add ? $"alias {alias.Key} -> {target.Key} added\n" : $"alias {alias.Key} -> {target.Key} removed\n");
        return ExitCodes.Ok;
    }

    public async Task<int> List(CliRequest r)
    {
        var s = await cli.State().ConfigureAwait(false);
        var rows = s.Aliases.Values.Select(a => new { alias = a.Key, targets = a.Targets.Select(t => t.ToString()).ToList() }).ToList();
        if (r.Json) return cli.Json(rows);
        foreach (var a in rows) cli.Out.Append(a.alias).Append(" -> ").Append(string.Join(", ", a.targets)).Append('\n');
        return ExitCodes.Ok;
    }
}
