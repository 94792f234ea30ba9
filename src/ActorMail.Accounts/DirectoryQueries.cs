using System.Collections.Immutable;
using ActorMail.Core;

namespace ActorMail.Accounts;

/// <summary>Read-only answers computed from a <see cref="DirectoryState"/> (used by the directory actor; pure).</summary>
public static class DirectoryQueries
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public static DirectoryReply GetAccount(DirectoryState state, MailAddress address)
    {
        var account = state.FindAccount(address);
        return account is null
            ? new DirectoryReply.Failed(new DirectoryError(DirectoryErrorKind.NotFound, $"account {address.Key} does not exist"))
            : new DirectoryReply.Ok(Describe(state, account));
    }

    /// <summary>The account with the aliases that point at it directly.</summary>
    public static AccountInfo Describe(DirectoryState state, Account account) =>
        AccountInfo.From(account, [.. state.Aliases.Values.Where(a => a.Targets.Any(t => t.Key == account.Key)).Select(a => a.Address)]);

    public static AccountPage ListAccounts(DirectoryState state, string? afterKey, int pageSize)
    {
        var page = Page(state.Accounts, afterKey, pageSize, out var next);
        var aliasesByTarget = new Dictionary<string, List<MailAddress>>(StringComparer.Ordinal);
        foreach (var alias in state.Aliases.Values)
            foreach (var target in alias.Targets)
            {
                if (!aliasesByTarget.TryGetValue(target.Key, out var list)) aliasesByTarget[target.Key] = list = [];
                list.Add(alias.Address);
            }
        return new AccountPage(
            [.. page.Select(a => AccountInfo.From(a, aliasesByTarget.TryGetValue(a.Key, out var l) ? [.. l] : []))],
            next);
    }

    public static AliasPage ListAliases(DirectoryState state, string? afterKey, int pageSize) =>
        new([.. Page(state.Aliases, afterKey, pageSize, out var next)], next);

    public static DomainList ListDomains(DirectoryState state) => new(state.PrimaryDomain, [.. state.Domains]);

    private static List<T> Page<T>(ImmutableSortedDictionary<string, T> items, string? afterKey, int pageSize, out string? next)
    {
        int size = Math.Clamp(pageSize, 1, MaxPageSize);
        var after = afterKey?.ToLowerInvariant();
        var page = new List<T>(Math.Min(size, items.Count));
        next = null;
        string? lastKey = null;
        foreach (var (key, value) in items)
        {
            if (after is not null && string.CompareOrdinal(key, after) <= 0) continue;
            if (page.Count == size)
            {
                next = lastKey;
                break;
            }
            page.Add(value);
            lastKey = key;
        }
        return page;
    }
}
