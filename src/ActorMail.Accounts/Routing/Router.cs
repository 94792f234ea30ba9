using System.Collections.Immutable;
using ActorMail.Core;

namespace ActorMail.Accounts.Routing;

/// <summary>
/// Resolves an envelope recipient against the directory into local mailboxes and remote addresses.
/// </summary>
/// <remarks>
/// Aliases expand recursively; forwards replace the account (or, with keep-copy, add to it) and expand again.
/// A branch ends at an address already on its own path (a loop) or deeper than <see cref="MaxDepth"/>;
/// an account whose forward targets all end that way keeps the mail itself, so forwarding never drops mail.
/// Targets are deduplicated. <c>postmaster@</c> every local domain is always accepted (RFC 5321 §4.5.1):
/// an account or alias of that exact name takes it, otherwise the configured postmaster does.
/// </remarks>
public static class Router
{
    /// <summary>How many alias or forward hops one branch may take.</summary>
    public const int MaxDepth = 10;

    /// <summary>True when <paramref name="domain"/> is the primary or an additional local domain (any case).</summary>
    public static bool IsLocalDomain(DirectoryState state, string domain) => state.IsLocalDomain(domain);

    public static RouteResult Resolve(DirectoryState state, MailAddress rcpt, MailAddress postmaster)
    {
        if (!state.IsLocalDomain(rcpt.Domain))
            return new RouteResult.Accepted([new RemoteTarget(rcpt)]);

        var account = state.FindAccount(rcpt);
        if (account is { Active: false })
            return new RouteResult.Rejected(RouteRejection.InactiveAccount, $"account {rcpt.Key} is not active");

        if (account is null && state.FindAlias(rcpt) is null && IsPostmaster(rcpt) && rcpt.Key != postmaster.Key)
        {
            var viaPostmaster = Expand(state, postmaster);
            return viaPostmaster is RouteResult.Accepted
                ? viaPostmaster
                : new RouteResult.Rejected(RouteRejection.PostmasterUnavailable,
                    $"the postmaster {postmaster.Key} is neither an account, an alias nor a remote address");
        }

        var result = Expand(state, rcpt);
        if (result is RouteResult.Rejected && IsPostmaster(rcpt) && rcpt.Key == postmaster.Key)
            return new RouteResult.Rejected(RouteRejection.PostmasterUnavailable,
                $"the postmaster {postmaster.Key} is neither an account nor an alias");
        return result;
    }

    private static bool IsPostmaster(MailAddress address) =>
        string.Equals(address.LocalPart, "postmaster", StringComparison.OrdinalIgnoreCase);

    private static RouteResult Expand(DirectoryState state, MailAddress start)
    {
        var walk = new Walk(state);
        walk.Visit(start, 0);
        if (walk.Targets.Count > 0) return new RouteResult.Accepted(walk.Targets.ToImmutableArray());
        return walk.SawInactive
            ? new RouteResult.Rejected(RouteRejection.InactiveAccount, $"{start.Key} leads only to inactive accounts")
            : new RouteResult.Rejected(RouteRejection.UnknownLocalUser, $"{start.Key} is not a local account or alias");
    }

    /// <summary>One depth-first expansion; <see cref="path"/> holds the keys of the current branch only.</summary>
    private sealed class Walk(DirectoryState state)
    {
        private readonly HashSet<string> path = new(StringComparer.Ordinal);
        private readonly HashSet<string> seenTargets = new(StringComparer.Ordinal);

        public List<RouteTarget> Targets { get; } = [];
        public bool SawInactive { get; private set; }

        /// <summary>Expands <paramref name="address"/>; returns how many targets the branch produced.</summary>
        public int Visit(MailAddress address, int depth)
        {
            if (!state.IsLocalDomain(address.Domain))
                return Add("r:" + address.Key, new RemoteTarget(address));
            var key = address.Key;
            if (depth > MaxDepth || !path.Add(key)) return 0;
            try
            {
                if (state.Aliases.TryGetValue(key, out var alias))
                {
                    int produced = 0;
                    foreach (var target in alias.Targets) produced += Visit(target, depth + 1);
                    return produced;
                }
                if (!state.Accounts.TryGetValue(key, out var account)) return 0;
                if (!account.Active)
                {
                    SawInactive = true;
                    return 0;
                }
                if (account.Forward.IsEmpty) return Add("l:" + key, new LocalTarget(key));
                int forwarded = 0;
                foreach (var target in account.Forward) forwarded += Visit(target, depth + 1);
                if (account.KeepCopy || forwarded == 0) forwarded += Add("l:" + key, new LocalTarget(key));
                return forwarded;
            }
            finally
            {
                path.Remove(key);
            }
        }

        /// <summary>Counts a target even when an earlier branch already added it, so a branch that reached it is not "empty".</summary>
        private int Add(string id, RouteTarget target)
        {
            if (seenTargets.Add(id)) Targets.Add(target);
            return 1;
        }
    }
}
