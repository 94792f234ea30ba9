using ActorMail.Core;

namespace ActorMail.Accounts.Events;

/// <summary>An account's password hash was replaced.</summary>
public sealed record PasswordChanged(MailAddress Address, string PasswordHash) : IDirectoryEvent;
