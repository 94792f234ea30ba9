using System.Collections.Immutable;
using ActorMail.Core;

namespace ActorMail.Accounts.Events;

/// <summary>An account's settings (everything but its password and creation time) now have these values.</summary>
public sealed record UserSettingsChanged(
    MailAddress Address,
    string DisplayName,
    bool Active,
    ImmutableArray<MailAddress> Forward,
    bool KeepCopy,
    SmarthostSettings? Smarthost,
    string? SmsNumber,
    ImmutableSortedDictionary<string, string> Properties) : IDirectoryEvent;
