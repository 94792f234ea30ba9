using System.Text;
using System.Text.Json;
using ActorMail.Accounts;
using ActorMail.Accounts.Authentication;
using ActorMail.Accounts.Routing;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Queue;
using ActorMail.Host.Node;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;
using static ActorMail.Accounts.DirectoryCommands;
using ConnectionMode = ActorMail.Delivery.Queue.ConnectionMode;
using SmarthostSettings = ActorMail.Accounts.SmarthostSettings;

namespace ActorMail.Host.Cli;

/// <summary>
/// Runs the admin verbs of CONTRACT.md against the actors of a <see cref="NodeRuntime"/>: the same
/// code serves a CLI process working on a stopped node's store and a running node answering on
/// its admin socket.
/// </summary>
public sealed class CommandDispatcher(NodeRuntime runtime, ActorMailSettings settings, PasswordHasher hasher, LoginCache? loginCache = null)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    public async Task<CliResponse> ExecuteAsync(CliRequest request)
    {
        _out.Clear();
        _err.Clear();
        int exit;
        try
        {
            exit = await Dispatch(request).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            _err.Append("actormail: ").Append(e.Message).Append('\n');
            exit = e.ExitCode;
        }
        catch (AskTimeoutException)
        {
            _err.Append("actormail: the store did not answer in time; try again\n");
            exit = ExitCodes.TempFail;
        }
        return new CliResponse(exit, _out.ToString(), _err.ToString());
    }

    private Task<int> Dispatch(CliRequest r)
    {
        var verb = r.Words.Count >= 2 ? r.Words[0] + " " + r.Words[1] : r.Words[0];
        return verb switch
        {
            "domain add" => DomainAdd(r),
            "domain list" => DomainList(r),
            "domain remove" => DomainRemove(r),
            "user add" => UserAdd(r),
            "user import" => UserImport(r),
            "user list" => UserList(r),
            "user show" => UserShow(r),
            "user set" => UserSet(r),
            "user passwd" => UserPasswd(r),
            "user remove" => UserRemove(r),
            "alias add" => AliasChange(r, add: true),
            "alias remove" => AliasChange(r, add: false),
            "alias list" => AliasList(r),
            "queue list" => QueueList(r),
            "queue show" => QueueShow(r),
            "queue flush" => QueueFlush(),
            "queue delete" => QueueDelete(r),
            "connection online" => ConnectionSet(ConnectionMode.Permanent),
            "connection offline" => ConnectionSet(ConnectionMode.Offline),
            "connection reset" => ConnectionSet(null),
            "connection show" => ConnectionShow(r),
            "deliver" => Deliver(r),
            _ => throw new CliException(ExitCodes.Usage, $"unknown command '{string.Join(' ', r.Words)}'; see 'actormail help'"),
        };
    }

    // ---- domains

    private async Task<int> DomainAdd(CliRequest r)
    {
        var d = Domain(r.Word(2, "DOMAIN"));
        await Command(new AddDomain(d)).ConfigureAwait(false);
        _out.Append($"domain {d} added\n");
        return ExitCodes.Ok;
    }

    private async Task<int> DomainRemove(CliRequest r)
    {
        var d = Domain(r.Word(2, "DOMAIN"));
        await Command(new RemoveDomain(d, Configured)).ConfigureAwait(false);
        _out.Append($"domain {d} removed\n");
        return ExitCodes.Ok;
    }

    private async Task<int> DomainList(CliRequest r)
    {
        var s = await State().ConfigureAwait(false);
        var rows = s.Domains.Select(d => new { domain = d, primary = d == s.PrimaryDomain, configured = Configured.KeyNaming(d) is not null }).ToList();
        if (r.Json) return Json(rows);
        foreach (var row in rows) _out.Append(row.domain).Append(row.primary ? "  (primary)" : "").Append('\n');
        return ExitCodes.Ok;
    }

    // ---- users

    private async Task<int> UserAdd(CliRequest r)
    {
        var address = await Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        var password = r.Secret ?? throw new CliException(ExitCodes.Usage, "no password given");
        var hash = await Task.Run(() => hasher.Hash(password)).ConfigureAwait(false);
        await Command(new AddUser(address, r.Option("--name") ?? "", hash)).ConfigureAwait(false);
        _out.Append($"user {address.Key} added\n");
        return ExitCodes.Ok;
    }

    private async Task<int> UserImport(CliRequest r)
    {
        var text = r.InputText ?? throw new CliException(ExitCodes.Usage, "usage: actormail user import FILE");
        var state = await State().ConfigureAwait(false);
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
                _out.Append($"line {lineNo}: error: expected address<TAB>password[<TAB>name]\n");
                failed++;
                continue;
            }
            if (!MailAddress.TryParseLogin(parts[0].Trim(), state.PrimaryDomain ?? settings.Domains.Primary, out var address))
            {
                _out.Append($"line {lineNo}: error: '{parts[0]}' is not a valid address\n");
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
            var reply = await AskDirectory(new AddUser(address, name, hashes[i])).ConfigureAwait(false);
            if (reply is DirectoryReply.Failed { Error: var e })
            {
                _out.Append($"line {line}: error: {e.Message}\n");
                failed++;
            }
            else
            {
                _out.Append($"line {line}: added {address.Key}\n");
                ok++;
            }
        }
        _out.Append($"{ok} added, {failed} failed\n");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.DataError;
    }

    private async Task<int> UserList(CliRequest r)
    {
        var s = await State().ConfigureAwait(false);
        var rows = s.Accounts.Values.Select(a => new { address = a.Key, name = a.DisplayName, active = a.Active }).ToList();
        if (r.Json) return Json(rows);
        foreach (var a in rows) _out.Append(a.address).Append(a.active ? "" : "  (inactive)").Append(a.name.Length > 0 ? "  " + a.name : "").Append('\n');
        return ExitCodes.Ok;
    }

    private async Task<int> UserShow(CliRequest r)
    {
        var address = await Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        var s = await State().ConfigureAwait(false);
        var a = s.FindAccount(address) ?? throw new CliException(ExitCodes.NoUser, $"no user {address.Key}");
        var status = await AskMailbox(a.Key, new FolderStatusQuery("INBOX")).ConfigureAwait(false) as FolderStatus;
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
        if (r.Json) return Json(view);
        _out.Append($"address:   {view.address}\nname:      {view.name}\nactive:    {view.active}\n");
        _out.Append($"aliases:   {string.Join(", ", aliases)}\nforward:   {string.Join(", ", view.forward)}{(a.KeepCopy ? " (keep copy)" : "")}\n");
        _out.Append($"smarthost: {view.smarthost ?? "(global)"}\ninbox:     {view.inbox.messages} messages, {view.inbox.unseen} unseen, {view.inbox.size} bytes\n");
        return ExitCodes.Ok;
    }

    private async Task<int> UserSet(CliRequest r)
    {
        var address = await Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
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
        await Command(new SetUser(address, r.Option("--name"), active, forward, keepCopy, smarthost, clearSmarthost)).ConfigureAwait(false);
        if (active == false) loginCache?.Invalidate(address.Key);
        _out.Append($"user {address.Key} updated\n");
        return ExitCodes.Ok;
    }

    private async Task<int> UserPasswd(CliRequest r)
    {
        var address = await Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        var password = r.Secret ?? throw new CliException(ExitCodes.Usage, "usage: actormail user passwd ADDRESS --password-stdin");
        var hash = await Task.Run(() => hasher.Hash(password)).ConfigureAwait(false);
        await Command(new SetPassword(address, hash)).ConfigureAwait(false);
        loginCache?.Invalidate(address.Key);
        _out.Append($"password of {address.Key} changed\n");
        return ExitCodes.Ok;
    }

    private async Task<int> UserRemove(CliRequest r)
    {
        var address = await Login(r.Word(2, "ADDRESS")).ConfigureAwait(false);
        await Command(new RemoveUser(address)).ConfigureAwait(false);
        loginCache?.Invalidate(address.Key);
        await AskMailbox(address.Key, new PurgeMailbox()).ConfigureAwait(false);
        _out.Append($"user {address.Key} and its mail removed\n");
        return ExitCodes.Ok;
    }

    // ---- aliases

    private async Task<int> AliasChange(CliRequest r, bool add)
    {
        var alias = Address(r.Word(2, "ALIAS"));
        var target = Address(r.Word(3, "TARGET"));
        await Command(add ? new AddAlias(alias, target) : new RemoveAlias(alias, target)).ConfigureAwait(false);
        _out.Append(add ? $"alias {alias.Key} -> {target.Key} added\n" : $"alias {alias.Key} -> {target.Key} removed\n");
        return ExitCodes.Ok;
    }

    private async Task<int> AliasList(CliRequest r)
    {
        var s = await State().ConfigureAwait(false);
        var rows = s.Aliases.Values.Select(a => new { alias = a.Key, targets = a.Targets.Select(t => t.ToString()).ToList() }).ToList();
        if (r.Json) return Json(rows);
        foreach (var a in rows) _out.Append(a.alias).Append(" -> ").Append(string.Join(", ", a.targets)).Append('\n');
        return ExitCodes.Ok;
    }

    // ---- queue

    private async Task<int> QueueList(CliRequest r)
    {
        var all = new List<QueuedMessage>();
        string? after = null;
        while (true)
        {
            var page = await runtime.Queue.Ask<QueuePage>(new ListQueue(after, OutboundQueueActor.MaxPage), AskTimeout).ConfigureAwait(false);
            all.AddRange(page.Messages);
            if (!page.More || page.Messages.Count == 0) break;
            after = page.Messages[^1].Id;
        }
        if (r.Json) return Json(all.Select(QueueView).ToList());
        if (all.Count == 0) _out.Append("the queue is empty\n");
        foreach (var m in all)
            _out.Append($"{m.Id}  {m.QueuedAt:u}  {m.Blob.Length,9}  from {m.Sender?.ToString() ?? "<>"}  to {string.Join(", ", m.Recipients.Where(x => x.Status == RecipientStatus.Pending).Select(x => x.Address.ToString()))}\n");
        return ExitCodes.Ok;
    }

    private async Task<int> QueueShow(CliRequest r)
    {
        var id = r.Word(2, "ID");
        var found = await runtime.Queue.Ask<QueuedLookup>(new GetQueued(id), AskTimeout).ConfigureAwait(false);
        var m = found.Message ?? throw new CliException(ExitCodes.NoUser, $"no queued message {id}");
        if (r.Json) return Json(QueueView(m));
        _out.Append($"id:        {m.Id}\nqueued:    {m.QueuedAt:u}\nfrom:      {m.Sender?.ToString() ?? "<>"}\nsize:      {m.Blob.Length}\nblob:      {m.Blob.Hash}\n");
        foreach (var x in m.Recipients)
            _out.Append($"to:        {x.Address}  {x.Status.ToString().ToLowerInvariant()}  attempts {x.Attempts}  next {x.NextAttempt:u}  {x.LastError}\n");
        return ExitCodes.Ok;
    }

    private static object QueueView(QueuedMessage m) => new
    {
        id = m.Id,
        queuedAt = m.QueuedAt,
        sender = m.Sender?.ToString(),
        size = m.Blob.Length,
        envelopeId = m.EnvelopeId,
        recipients = m.Recipients.Select(x => new
        {
            address = x.Address.ToString(),
            status = x.Status.ToString().ToLowerInvariant(),
            attempts = x.Attempts,
            nextAttempt = x.NextAttempt,
            lastError = x.LastError,
        }).ToList(),
    };

    private async Task<int> QueueFlush()
    {
        await QueueCommand(new FlushQueue()).ConfigureAwait(false);
        _out.Append("every queued message is due now\n");
        return ExitCodes.Ok;
    }

    private async Task<int> QueueDelete(CliRequest r)
    {
        var id = r.Word(2, "ID");
        await QueueCommand(new DeleteQueued(id)).ConfigureAwait(false);
        _out.Append($"queued message {id} deleted\n");
        return ExitCodes.Ok;
    }

    private async Task QueueCommand(QueueCommand c)
    {
        var reply = await runtime.Queue.Ask<QueueReply>(new QueueRequest(c), AskTimeout).ConfigureAwait(false);
        if (reply.Error is { } e)
            throw new CliException(e == QueueError.NotFound ? ExitCodes.NoUser : ExitCodes.DataError, reply.ErrorText ?? e.ToString());
    }

    // ---- connection type

    private async Task<int> ConnectionSet(ConnectionMode? mode)
    {
        await QueueCommand(new SetConnectionOverride(mode)).ConfigureAwait(false);
        _out.Append(mode switch
        {
            ConnectionMode.Permanent => "connection: online (permanent)\n",
            ConnectionMode.Offline => "connection: offline; outbound mail stays queued\n",
            _ => $"connection: following actormail.connection ({settings.Connection.ToString().ToLowerInvariant()})\n",
        });
        return ExitCodes.Ok;
    }

    private async Task<int> ConnectionShow(CliRequest r)
    {
        var v = await runtime.Queue.Ask<ConnectionOverrideValue>(new GetConnectionOverride(), AskTimeout).ConfigureAwait(false);
        var configured = settings.Connection.ToString().ToLowerInvariant();
        var effective = v.Mode is null ? configured : v.Mode == ConnectionMode.Offline ? "offline" : "permanent";
        if (r.Json) return Json(new { effective, configured, overridden = v.Mode is not null });
        _out.Append($"connection: {effective}{(v.Mode is null ? " (from actormail.connection)" : " (set at run time; 'actormail connection reset' clears it)")}\n");
        return ExitCodes.Ok;
    }

    // ---- local injection (sendmail-like)

    private async Task<int> Deliver(CliRequest r)
    {
        var to = r.Option("--to") ?? throw new CliException(ExitCodes.Usage, "usage: actormail deliver [--from ADDR] --to ADDR[,ADDR...] < message.eml");
        MailAddress? from = null;
        if (r.Option("--from") is { } f && f is not ("" or "<>"))
            from = Address(f);
        var body = Convert.FromBase64String(r.InputText ?? "");
        if (body.Length == 0) throw new CliException(ExitCodes.DataError, "no message on standard input");
        var state = await State().ConfigureAwait(false);
        var recipients = new List<EnvelopeRecipient>();
        var local = new List<string>();
        var remote = new List<EnvelopeRecipient>();
        foreach (var part in to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var rcpt = Address(part);
            recipients.Add(new EnvelopeRecipient(rcpt));
            switch (Router.Resolve(state, rcpt, settings.Postmaster))
            {
                case RouteResult.Rejected rej:
                    throw new CliException(ExitCodes.NoUser, $"{rcpt}: {rej.Message}");
                case RouteResult.Accepted acc:
                    foreach (var t in acc.Targets)
                    {
                        if (t is LocalTarget lt) local.Add(lt.AccountKey);
                        else if (t is RemoteTarget rt) remote.Add(new EnvelopeRecipient(rt.Address));
                    }
                    break;
            }
        }
        var blob = await runtime.Blobs.PutAsync(body).ConfigureAwait(false);
        await runtime.Summaries.PrimeAsync(blob, body).ConfigureAwait(false);
        var reply = await runtime.Ingest.Ask(new IngestRequest(new MailEnvelope(from, recipients), blob, local.Distinct().ToList(), remote), AskTimeout).ConfigureAwait(false);
        switch (reply)
        {
            case IngestAccepted a:
                _out.Append(a.Id).Append('\n');
                return ExitCodes.Ok;
            case IngestRejected rej:
                throw new CliException(ExitCodes.DataError, rej.Reason);
            default:
                throw new CliException(ExitCodes.Software, "unexpected answer from the ingest log");
        }
    }

    // ---- helpers

    private ConfiguredDomains Configured => new(settings.Domains.Primary, settings.Domains.Additional);

    private static string Domain(string text) =>
        DomainName.IsValid(text) ? DomainName.Normalize(text) : throw new CliException(ExitCodes.DataError, $"'{text}' is not a valid domain name");

    private static MailAddress Address(string text) =>
        MailAddress.TryParse(text, out var a) ? a : throw new CliException(ExitCodes.DataError, $"'{text}' is not a valid address");

    private async Task<MailAddress> Login(string text)
    {
        var primary = (await State().ConfigureAwait(false)).PrimaryDomain ?? settings.Domains.Primary;
        return MailAddress.TryParseLogin(text, primary, out var a) ? a : throw new CliException(ExitCodes.DataError, $"'{text}' is not a valid address");
    }

    private static SmarthostSettings ParseHostPort(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535 || !DomainName.IsValid(text[..colon]))
            throw new CliException(ExitCodes.DataError, $"'{text}' is not HOST:PORT");
        return new SmarthostSettings(text[..colon], port);
    }

    private async Task<DirectoryState> State() =>
        await runtime.Directory.Ask<DirectoryState>(new DirectoryProtocol.GetSnapshot(), AskTimeout).ConfigureAwait(false);

    private Task<DirectoryReply> AskDirectory(IDirectoryCommand c) => runtime.Directory.Ask<DirectoryReply>(c, AskTimeout);

    private async Task Command(IDirectoryCommand c)
    {
        var reply = await AskDirectory(c).ConfigureAwait(false);
        if (reply is DirectoryReply.Failed { Error: var e }) throw new CliException(ExitCode(e), e.Message);
    }

    private static int ExitCode(DirectoryError e) => e.Kind switch
    {
        DirectoryErrorKind.NotFound => ExitCodes.NoUser,
        DirectoryErrorKind.NotLocalDomain => ExitCodes.NoUser,
        DirectoryErrorKind.AlreadyExists => ExitCodes.CantCreate,
        DirectoryErrorKind.DomainInUse when e.SettingsKey is not null => ExitCodes.Config,
        _ => ExitCodes.DataError,
    };

    private async Task<object> AskMailbox(string account, object message)
    {
        var resp = await runtime.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, message), AskTimeout).ConfigureAwait(false);
        return resp.Result;
    }

    private int Json(object value)
    {
        _out.Append(JsonSerializer.Serialize(value, JsonOptions)).Append('\n');
        return ExitCodes.Ok;
    }
}
