using ActorMail.Core;
using Akka.Actor;

namespace ActorMail.Accounts;

/// <summary>Messages of <see cref="DirectoryActor"/> besides the <see cref="IDirectoryCommand"/>s, which it also takes unwrapped.</summary>
public static class DirectoryProtocol
{
    /// <summary>Runs a directory command; answered by <see cref="DirectoryReply"/>.</summary>
    public sealed record Execute(IDirectoryCommand Command);

    /// <summary>Answered by <see cref="DirectoryReply.Ok"/> with an <see cref="AccountInfo"/>, or Failed(NotFound).</summary>
    public sealed record GetAccount(MailAddress Address);

    /// <summary>Answered by <see cref="DirectoryReply.Ok"/> with an <see cref="AccountPage"/> of at most 500 accounts after <paramref name="AfterKey"/>.</summary>
    public sealed record ListAccounts(string? AfterKey = null, int PageSize = DirectoryQueries.DefaultPageSize);

    /// <summary>Answered by <see cref="DirectoryReply.Ok"/> with a <see cref="DomainList"/>.</summary>
    public sealed record ListDomains;

    /// <summary>Answered by <see cref="DirectoryReply.Ok"/> with an <see cref="AliasPage"/> of at most 500 aliases after <paramref name="AfterKey"/>.</summary>
    public sealed record ListAliases(string? AfterKey = null, int PageSize = DirectoryQueries.DefaultPageSize);

    /// <summary>Routes one recipient; answered by a <see cref="Routing.RouteResult"/>.</summary>
    public sealed record Resolve(MailAddress Address);

    /// <summary>Answered by the current (immutable) <see cref="DirectoryState"/>.</summary>
    public sealed record GetSnapshot;

    /// <summary>
    /// Subscribes <paramref name="Subscriber"/> (the sender when null) to <see cref="DirectoryChanged"/>: it gets the current
    /// state at once and each new state after every persisted change, until it unsubscribes or terminates.
    /// </summary>
    public sealed record SubscribeDirectory(IActorRef? Subscriber = null);

    public sealed record UnsubscribeDirectory(IActorRef? Subscriber = null);

    /// <summary>The directory's state after a change (or at subscription).</summary>
    public sealed record DirectoryChanged(DirectoryState State);
}
