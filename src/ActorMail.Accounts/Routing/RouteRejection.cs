namespace ActorMail.Accounts.Routing;

/// <summary>Why a recipient on a local domain cannot be accepted.</summary>
public enum RouteRejection
{
    /// <summary>No account or alias of that name, or an alias whose every branch ends nowhere (unknown, loop, too deep).</summary>
    UnknownLocalUser,
    /// <summary>The account exists but is deactivated (or every branch ends at a deactivated account).</summary>
    InactiveAccount,
    /// <summary>postmaster@ a local domain was asked for, but the configured postmaster resolves to nothing.</summary>
    PostmasterUnavailable,
}
