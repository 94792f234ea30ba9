using System.Collections.Immutable;
using ActorMail.Core;

namespace ActorMail.Accounts;

/// <summary>
/// The account directory: local domains (one primary), accounts and aliases. Immutable, so the
/// directory actor can hand the current value to sessions for lock-free lookups.
/// </summary>
/// <remarks>
/// Invariants kept by <see cref="DirectoryLogic"/>: every account and alias address is on a local domain;
/// an address is never both an account and an alias; <see cref="PrimaryDomain"/>, when set, is in <see cref="Domains"/>.
/// </remarks>
public sealed record DirectoryState(
    string? PrimaryDomain,
    ImmutableSortedSet<string> Domains,
    ImmutableSortedDictionary<string, Account> Accounts,
    ImmutableSortedDictionary<string, AliasEntry> Aliases,
    long Revision)
{
    /// <summary>The directory before any event.</summary>
    public static readonly DirectoryState Empty = new(
        null,
        ImmutableSortedSet.Create<string>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, Account>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, AliasEntry>(StringComparer.Ordinal),
        0);

    /// <summary>True when <paramref name="domain"/> (any case, trailing dot allowed) is the primary or an additional domain.</summary>
    public bool IsLocalDomain(string domain) => Domains.Contains(DomainName.Normalize(domain));

    public Account? FindAccount(MailAddress address) => Accounts.GetValueOrDefault(address.Key);

    public AliasEntry? FindAlias(MailAddress address) => Aliases.GetValueOrDefault(address.Key);
}
