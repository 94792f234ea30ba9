using ActorMail.Core;

namespace ActorMail.Accounts.Events;

/// <summary>An active account was created.</summary>
public sealed record UserAdded(MailAddress Address, string DisplayName, string PasswordHash, DateTimeOffset Created) : IDirectoryEvent;
