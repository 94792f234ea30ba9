using static ActorMail.Accounts.DirectoryCommands;
using static ActorMail.Host.Cli.CliArguments;

namespace ActorMail.Host.Cli;

/// <summary>Runs the <c>domain add|list|remove</c> admin verbs.</summary>
internal sealed class DomainVerbs(CliContext cli)
{
    public async Task<int> Add(CliRequest r)
    {
        var d = Domain(r.Word(2, "DOMAIN"));
        await cli.Command(new AddDomain(d)).ConfigureAwait(false);
        cli.Out.Append($"domain {d} added\n");
        return ExitCodes.Ok;
    }

    public async Task<int> Remove(CliRequest r)
    {
        var d = Domain(r.Word(2, "DOMAIN"));
        await cli.Command(new RemoveDomain(d, cli.Configured)).ConfigureAwait(false);
        cli.Out.Append($"domain {d} removed\n");
        return ExitCodes.Ok;
    }

    public async Task<int> List(CliRequest r)
    {
        var s = await cli.State().ConfigureAwait(false);
        var rows = s.Domains.Select(d => new { domain = d, primary = d == s.PrimaryDomain, configured = cli.Configured.KeyNaming(d) is not null }).ToList();
        if (r.Json) return cli.Json(rows);
        foreach (var row in rows) cli.Out.Append(row.domain).Append(row.primary ? "  (primary)" : "").Append('\n');
        return ExitCodes.Ok;
    }
}
