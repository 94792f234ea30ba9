using ActorMail.Core;

namespace ActorMail.Accounts.Routing;

/// <summary>Where one copy of a message goes after routing.</summary>
public abstract record RouteTarget;

/// <summary>The mailbox of a local account, by <see cref="MailAddress.Key"/>.</summary>
public sealed record LocalTarget(string AccountKey) : RouteTarget;

/// <summary>An address on a domain that is not local: handed to the outbound queue.</summary>
public sealed record RemoteTarget(MailAddress Address) : RouteTarget;
