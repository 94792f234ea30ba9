using ActorMail.Core;

namespace ActorMail.Accounts.Events;

/// <summary>An alias lost a target (the alias disappears with its last one).</summary>
public sealed record AliasTargetRemoved(MailAddress Alias, MailAddress Target) : IDirectoryEvent;
