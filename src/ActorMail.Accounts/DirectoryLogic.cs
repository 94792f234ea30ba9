using System.Collections.Immutable;
using ActorMail.Accounts.Authentication;
using ActorMail.Accounts.Events;
using ActorMail.Core;
using static ActorMail.Accounts.DirectoryCommands;

namespace ActorMail.Accounts;

/// <summary>The rules of the account directory: which commands are allowed and how events change the state.</summary>
public static class DirectoryLogic
{
    /// <summary>Longest display name kept for an account.</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>Most targets one alias may have.</summary>
    public const int MaxAliasTargets = 1000;

    /// <summary>Decides <paramref name="command"/> against <paramref name="state"/>; <paramref name="now"/> stamps new accounts.</summary>
    public static DirectoryDecision Decide(DirectoryState state, IDirectoryCommand command, DateTimeOffset now) => command switch
    {
        AddDomain c => DecideAddDomain(state, c),
        RemoveDomain c => DecideRemoveDomain(state, c),
        SeedDomains c => DecideSeedDomains(state, c),
        AddUser c => DecideAddUser(state, c, now),
        SetUser c => AccountSettingsRules.Decide(state, c),
        SetPassword c => DecideSetPassword(state, c),
        RemoveUser c => DecideRemoveUser(state, c),
        AddAlias c => DecideAddAlias(state, c),
        RemoveAlias c => DecideRemoveAlias(state, c),
        _ => DirectoryDecision.Refuse(DirectoryErrorKind.Invalid, $"unknown directory command {command.GetType().Name}"),
    };

    /// <summary>Applies one event. Total: an event about something absent leaves the state as it is (apart from the revision).</summary>
    public static DirectoryState Apply(DirectoryState state, IDirectoryEvent e)
    {
        var next = e switch
        {
            DomainAdded d => state with { Domains = state.Domains.Add(d.Domain) },
            DomainRemoved d => state with
            {
                Domains = state.Domains.Remove(d.Domain),
                PrimaryDomain = state.PrimaryDomain == d.Domain ? null : state.PrimaryDomain,
            },
            PrimaryDomainChanged p => state with { PrimaryDomain = p.Domain, Domains = state.Domains.Add(p.Domain) },
            UserAdded u => state with
            {
                Accounts = state.Accounts.SetItem(u.Address.Key, Account.Create(u.Address, u.DisplayName, u.PasswordHash, u.Created)),
            },
            UserSettingsChanged u => UpdateAccount(state, u.Address, a => a with
            {
                DisplayName = u.DisplayName,
                Active = u.Active,
                Forward = u.Forward,
                KeepCopy = u.KeepCopy,
                Smarthost = u.Smarthost,
                SmsNumber = u.SmsNumber,
                Properties = u.Properties,
            }),
            PasswordChanged p => UpdateAccount(state, p.Address, a => a with { PasswordHash = p.PasswordHash }),
            UserRemoved u => state with { Accounts = state.Accounts.Remove(u.Address.Key) },
            AliasTargetAdded a => ApplyAliasTargetAdded(state, a),
            AliasTargetRemoved a => ApplyAliasTargetRemoved(state, a),
            _ => state,
        };
        return next with { Revision = state.Revision + 1 };
    }

    private static DirectoryDecision DecideAddDomain(DirectoryState state, AddDomain c)
    {
        if (!DomainName.IsValid(c.Domain)) return Invalid($"'{c.Domain}' is not a valid domain name");
        var domain = DomainName.Normalize(c.Domain);
        if (state.Domains.Contains(domain))
            return DirectoryDecision.Refuse(DirectoryErrorKind.AlreadyExists, $"domain {domain} exists already");
        return DirectoryDecision.Accept(new DomainAdded(domain));
    }

    private static DirectoryDecision DecideRemoveDomain(DirectoryState state, RemoveDomain c)
    {
        if (!DomainName.IsValid(c.Domain)) return Invalid($"'{c.Domain}' is not a valid domain name");
        var domain = DomainName.Normalize(c.Domain);
        if (!state.Domains.Contains(domain))
            return DirectoryDecision.Refuse(DirectoryErrorKind.NotFound, $"domain {domain} does not exist");
        var key = c.Configured.KeyNaming(domain) ?? (domain == state.PrimaryDomain ? ConfiguredDomains.PrimaryKey : null);
        if (key is not null)
            return DirectoryDecision.Refuse(DirectoryErrorKind.DomainInUse,
                $"domain {domain} is named by the setting {key}; remove it there first", key);
        int accounts = state.Accounts.Values.Count(a => a.Address.Domain == domain);
        int aliases = state.Aliases.Values.Count(a => a.Address.Domain == domain);
        if (accounts + aliases > 0)
            return DirectoryDecision.Refuse(DirectoryErrorKind.DomainInUse,
                $"domain {domain} still has {accounts} account(s) and {aliases} alias(es)");
        return DirectoryDecision.Accept(new DomainRemoved(domain));
    }

    private static DirectoryDecision DecideSeedDomains(DirectoryState state, SeedDomains c)
    {
        foreach (var d in c.Additional.Prepend(c.Primary))
            if (!DomainName.IsValid(d)) return Invalid($"'{d}' is not a valid domain name");
        var primary = DomainName.Normalize(c.Primary);
        var events = new List<IDirectoryEvent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in c.Additional.Select(DomainName.Normalize).Prepend(primary))
            if (seen.Add(d) && !state.Domains.Contains(d)) events.Add(new DomainAdded(d));
        if (state.PrimaryDomain != primary) events.Add(new PrimaryDomainChanged(primary));
        return DirectoryDecision.Accept(events);
    }

    private static DirectoryDecision DecideAddUser(DirectoryState state, AddUser c, DateTimeOffset now)
    {
        if (!state.IsLocalDomain(c.Address.Domain)) return NotLocal(c.Address);
        if (state.Accounts.ContainsKey(c.Address.Key))
            return DirectoryDecision.Refuse(DirectoryErrorKind.AlreadyExists, $"account {c.Address.Key} exists already");
        if (state.Aliases.ContainsKey(c.Address.Key))
            return DirectoryDecision.Refuse(DirectoryErrorKind.AlreadyExists, $"{c.Address.Key} is an alias");
        if (!PasswordHasher.IsSupportedFormat(c.PasswordHash)) return Invalid("the password hash is not in a supported format");
        var name = (c.DisplayName ?? "").Trim();
        if (!IsValidDisplayName(name)) return Invalid("the display name is too long or contains control characters");
        return DirectoryDecision.Accept(new UserAdded(c.Address, name, c.PasswordHash, now));
    }

    private static DirectoryDecision DecideSetPassword(DirectoryState state, SetPassword c)
    {
        var account = state.FindAccount(c.Address);
        if (account is null) return NoAccount(c.Address);
        if (!PasswordHasher.IsSupportedFormat(c.PasswordHash)) return Invalid("the password hash is not in a supported format");
        return account.PasswordHash == c.PasswordHash
            ? DirectoryDecision.Accept()
            : DirectoryDecision.Accept(new PasswordChanged(account.Address, c.PasswordHash));
    }

    private static DirectoryDecision DecideRemoveUser(DirectoryState state, RemoveUser c)
    {
        var account = state.FindAccount(c.Address);
        if (account is null) return NoAccount(c.Address);
        var events = new List<IDirectoryEvent>();
        foreach (var alias in state.Aliases.Values)
            foreach (var target in alias.Targets)
                if (target.Key == account.Key) events.Add(new AliasTargetRemoved(alias.Address, target));
        events.Add(new UserRemoved(account.Address));
        return DirectoryDecision.Accept(events);
    }

    private static DirectoryDecision DecideAddAlias(DirectoryState state, AddAlias c)
    {
        if (!state.IsLocalDomain(c.Alias.Domain)) return NotLocal(c.Alias);
        if (state.Accounts.ContainsKey(c.Alias.Key))
            return DirectoryDecision.Refuse(DirectoryErrorKind.AlreadyExists, $"{c.Alias.Key} is an account");
        if (c.Alias.Key == c.Target.Key) return Invalid("an alias cannot point to itself");
        var alias = state.FindAlias(c.Alias);
        if (alias is not null)
        {
            if (alias.Targets.Any(t => t.Key == c.Target.Key))
                return DirectoryDecision.Refuse(DirectoryErrorKind.AlreadyExists, $"alias {c.Alias.Key} already points to {c.Target.Key}");
            if (alias.Targets.Length >= MaxAliasTargets) return Invalid($"alias {c.Alias.Key} has {MaxAliasTargets} targets already");
        }
        return DirectoryDecision.Accept(new AliasTargetAdded(c.Alias, c.Target));
    }

    private static DirectoryDecision DecideRemoveAlias(DirectoryState state, RemoveAlias c)
    {
        var alias = state.FindAlias(c.Alias);
        if (alias is null) return DirectoryDecision.Refuse(DirectoryErrorKind.NotFound, $"alias {c.Alias.Key} does not exist");
        foreach (var target in alias.Targets)
            if (target.Key == c.Target.Key) return DirectoryDecision.Accept(new AliasTargetRemoved(alias.Address, target));
        return DirectoryDecision.Refuse(DirectoryErrorKind.NotFound, $"alias {c.Alias.Key} does not point to {c.Target.Key}");
    }

    private static DirectoryState UpdateAccount(DirectoryState state, MailAddress address, Func<Account, Account> change) =>
        state.Accounts.TryGetValue(address.Key, out var a) ? state with { Accounts = state.Accounts.SetItem(a.Key, change(a)) } : state;

    private static DirectoryState ApplyAliasTargetAdded(DirectoryState state, AliasTargetAdded e)
    {
        var entry = state.Aliases.TryGetValue(e.Alias.Key, out var existing)
            ? existing with { Targets = existing.Targets.Add(e.Target) }
            : new AliasEntry(e.Alias, [e.Target]);
        return state with { Aliases = state.Aliases.SetItem(entry.Key, entry) };
    }

    private static DirectoryState ApplyAliasTargetRemoved(DirectoryState state, AliasTargetRemoved e)
    {
        if (!state.Aliases.TryGetValue(e.Alias.Key, out var existing)) return state;
        var targets = existing.Targets.RemoveAll(t => t.Key == e.Target.Key);
        return state with
        {
            Aliases = targets.IsEmpty
                ? state.Aliases.Remove(existing.Key)
                : state.Aliases.SetItem(existing.Key, existing with { Targets = targets }),
        };
    }

    internal static bool IsValidDisplayName(string name) =>
        name.Length <= MaxDisplayNameLength && !name.Any(char.IsControl);

    internal static DirectoryDecision Invalid(string message) => DirectoryDecision.Refuse(DirectoryErrorKind.Invalid, message);

    internal static DirectoryDecision NoAccount(MailAddress address) =>
        DirectoryDecision.Refuse(DirectoryErrorKind.NotFound, $"account {address.Key} does not exist");

    private static DirectoryDecision NotLocal(MailAddress address) =>
        DirectoryDecision.Refuse(DirectoryErrorKind.NotLocalDomain, $"{address.Domain} is not a local domain");
}
