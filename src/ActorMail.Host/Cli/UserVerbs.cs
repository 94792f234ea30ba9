using ActorMail.Accounts;
using ActorMail.Accounts.Authentication;
using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using static ActorMail.Accounts.DirectoryCommands;
using static ActorMail.Host.Cli.CliArguments;
using SmarthostSettings = ActorMail.Accounts.SmarthostSettings;

namespace ActorMail.Host.Cli;

/// <summary>Runs the <c>user add|import|list|show|set|passwd|remove</c> admin verbs.</summary>
internal sealed class UserVerbs(CliContext cli, PasswordHasher hasher, LoginCache? loginCache)
{
    public async Task<int> Add(CliRequest r)
    {
        var address = await cli.Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        var password = r.Secret ?? throw new CliException(ExitCodes.Usage, "no password given");
        var hash = await Task.Run(() => hasher.Hash(password)).ConfigureAwait(false);
        await cli.Command(new AddUser(address, r.Option("--name") ?? "", hash)).ConfigureAwait(false);
        cli.Out.Append($"user {address.Key} added\n");
        return ExitCodes.Ok;
    }

    public async Task<int> Import(CliRequest r)
    {
        var text = r.InputText ?? throw new CliException(ExitCodes.Usage, "usage: actormail user import FILE");
        var state = await cli.State().ConfigureAwait(false);
        int lineNo = 0, ok = 0, failed = 0;
        var pending = new List<(int Line, MailAddress Address, string Password, string Name)>();
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            if (parts.Length < 2 || parts[1].Length == 0)
            {
                cli.Out.Append($"line {lineNo}: error: expected address<TAB>password[<TAB>name]\n");
                failed++;
                continue;
            }
            if (!MailAddress.TryParseLogin(parts[0].Trim(), state.PrimaryDomain ?? cli.Settings.Domains.Primary, out var address))
            {
                cli.Out.Append($"line {lineNo}: error: '{parts[0]}' is not a valid address\n");
                failed++;
                continue;
            }
            pending.Add((lineNo, address, parts[1], parts.Length > 2 ? parts[2] : ""));
        }
        // Hash on every core, then add in order.
        var hashes = new string[pending.Count];
        await Parallel.ForAsync(0, pending.Count, (i, _) => { hashes[i] = hasher.Hash(pending[i].Password); return ValueTask.CompletedTask; }).ConfigureAwait(false);
        for (int i = 0; i < pending.Count; i++)
        {
            var (line, address, _, name) = pending[i];
            var reply = await cli.AskDirectory(new AddUser(address, name, hashes[i])).ConfigureAwait(false);
            if (reply is DirectoryReply.Failed { Error: var e })
            {
                cli.Out.Append($"line {line}: error: {e.Message}\n");
                failed++;
            }
            else
            {
                cli.Out.Append($"line {line}: added {address.Key}\n");
                ok++;
            }
        }
        cli.Out.Append($"{ok} added, {failed} failed\n");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.DataError;
    }

    public async Task<int> List(CliRequest r)
    {
        var s = await cli.State().ConfigureAwait(false);
        var rows = s.Accounts.Values.Select(a => new { address = a.Key, name = a.DisplayName, active = a.Active }).ToList();
        if (r.Json) return cli.Json(rows);
        foreach (var a in rows) cli.Out.Append(a.address).Append(a.active ? "" : "  (inactive)").Append(a.name.Length > 0 ? "  " + a.name : "").Append('\n');
        return ExitCodes.Ok;
    }

    public async Task<int> Show(CliRequest r)
    {
        var address = await cli.Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        var s = await cli.State().ConfigureAwait(false);
        var a = s.FindAccount(address) ?? throw new CliException(ExitCodes.NoUser, $"no user {address.Key}");
        var status = await cli.AskMailbox(a.Key, new FolderStatusQuery("INBOX")).ConfigureAwait(false) as FolderStatus;
        var aliases = s.Aliases.Values.Where(al => al.Targets.Any(t => t.Key == a.Key)).Select(al => al.Key).ToList();
        var view = new
        {
            address = a.Key,
            name = a.DisplayName,
            active = a.Active,
            aliases,
            forward = a.Forward.Select(f => f.ToString()).ToList(),
            keepCopy = a.KeepCopy,
            smarthost = a.Smarthost is null ? null : $"{a.Smarthost.Host}:{a.Smarthost.Port}",
            created = a.Created,
            inbox = new { messages = status?.Messages ?? 0, unseen = status?.Unseen ?? 0, size = status?.Size ?? 0 },
        };
        if (r.Json) return cli.Json(view);
        cli.Out.Append($"address:   {view.address}\nname:      {view.name}\nactive:    {view.active}\n");
        cli.Out.Append($"aliases:   {string.Join(", ", aliases)}\nforward:   {string.Join(", ", view.forward)}{(a.KeepCopy ? " (keep copy)" : "")}\n");
        cli.Out.Append($"smarthost: {view.smarthost ?? "(global)"}\ninbox:     {view.inbox.messages} messages, {view.inbox.unseen} unseen, {view.inbox.size} bytes\n");
        return ExitCodes.Ok;
    }

    public async Task<int> Set(CliRequest r)
    {
        var address = await cli.Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        bool? active = null;
        if (r.Option("--active") is { } act)
            active = act.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw new CliException(ExitCodes.Usage, "--active takes true or false"),
            };
        IReadOnlyList<MailAddress>? forward = null;
        if (r.Option("--forward") is { } fw)
        {
            var list = new List<MailAddress>();
            foreach (var part in fw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part is "none" or "off") continue;
                if (!MailAddress.TryParse(part, out var f)) throw new CliException(ExitCodes.DataError, $"'{part}' is not a valid address");
                list.Add(f);
            }
            forward = list;
        }
        SmarthostSettings? smarthost = null;
        bool clearSmarthost = false;
        if (r.Option("--smarthost") is { } sh)
        {
            if (sh is "none" or "off" or "") clearSmarthost = true;
            else smarthost = ParseHostPort(sh);
        }
        bool? keepCopy = r.Has("--keep-copy") ? true : forward is not null ? false : null;
        if (r.Option("--name") is null && active is null && forward is null && smarthost is null && !clearSmarthost)
            throw new CliException(ExitCodes.Usage, "usage: actormail user set ADDRESS [--name N] [--active true|false] [--forward ADDR,... [--keep-copy]] [--smarthost HOST:PORT|none]");
        await cli.Command(new SetUser(address, r.Option("--name"), active, forward, keepCopy, smarthost, clearSmarthost)).ConfigureAwait(false);
        if (active == false) loginCache?.Invalidate(address.Key);
        cli.Out.Append($"user {address.Key} updated\n");
        return ExitCodes.Ok;
    }

    public async Task<int> Passwd(CliRequest r)
    {
        var address = await cli.Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        var password = r.Secret ?? throw new CliException(ExitCodes.Usage, "usage: actormail user passwd ADDRESS --password-stdin");
        var hash = await Task.Run(() => hasher.Hash(password)).ConfigureAwait(false);
        await cli.Command(new SetPassword(address, hash)).ConfigureAwait(false);
        loginCache?.Invalidate(address.Key);
        cli.Out.Append($"password of {address.Key} changed\n");
        return ExitCodes.Ok;
    }

    public async Task<int> Remove(CliRequest r)
    {
        var address = await cli.Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        await cli.Command(new RemoveUser(address)).ConfigureAwait(false);
        loginCache?.Invalidate(address.Key);
        await cli.AskMailbox(address.Key, new PurgeMailbox()).ConfigureAwait(false);
        cli.Out.Append($"user {address.Key} and its mail removed\n");
        return ExitCodes.Ok;
    }
}
