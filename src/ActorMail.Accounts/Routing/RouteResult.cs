using System.Collections.Immutable;

namespace ActorMail.Accounts.Routing;

/// <summary>The outcome of routing one envelope recipient.</summary>
public abstract record RouteResult
{
    /// <summary>The recipient is accepted; its message goes to each target once.</summary>
    public sealed record Accepted(ImmutableArray<RouteTarget> Targets) : RouteResult;

    /// <summary>The recipient is refused (the session answers 550 with generic text).</summary>
    public sealed record Rejected(RouteRejection Reason, string Message) : RouteResult;
}
