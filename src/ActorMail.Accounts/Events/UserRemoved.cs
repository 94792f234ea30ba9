using ActorMail.Core;

namespace ActorMail.Accounts.Events;

/// <summary>An account was removed.</summary>
public sealed record UserRemoved(MailAddress Address) : IDirectoryEvent;
