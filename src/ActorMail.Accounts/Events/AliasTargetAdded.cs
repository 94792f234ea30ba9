using ActorMail.Core;

namespace ActorMail.Accounts.Events;

/// <summary>An alias gained a target (the alias is created with its first target).</summary>
public sealed record AliasTargetAdded(MailAddress Alias, MailAddress Target) : IDirectoryEvent;
