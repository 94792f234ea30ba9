using System.Collections.Immutable;
using ActorMail.Core;

namespace ActorMail.Accounts;

/// <summary>
/// One mail account of the directory, keyed by <see cref="MailAddress.Key"/>. Immutable: the directory
/// replaces the whole record on every change.
/// </summary>
/// <param name="PasswordHash">PHC-style encoded hash (see <see cref="Authentication.PasswordHasher"/>), never a password.</param>
/// <param name="Forward">Addresses that receive this account's mail instead of (or, with <paramref name="KeepCopy"/>, as well as) its mailbox.</param>
/// <param name="Properties">Open-ended per-account settings of later features (autoresponder, external accounts).</param>
public sealed record Account(
    MailAddress Address,
    string DisplayName,
    bool Active,
    string PasswordHash,
    ImmutableArray<MailAddress> Forward,
    bool KeepCopy,
    SmarthostSettings? Smarthost,
    string? SmsNumber,
    ImmutableSortedDictionary<string, string> Properties,
    DateTimeOffset Created)
{
    public string Key => Address.Key;

    /// <summary>A new active account with no forward and no optional settings.</summary>
    public static Account Create(MailAddress address, string displayName, string passwordHash, DateTimeOffset created) =>
        new(address, displayName, true, passwordHash, ImmutableArray<MailAddress>.Empty, false, null, null,
            ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal), created);
}
