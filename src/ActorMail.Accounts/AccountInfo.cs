using System.Collections.Immutable;
using ActorMail.Core;

namespace ActorMail.Accounts;

/// <summary>What the directory tells about an account: everything but the password hash, plus the aliases pointing at it.</summary>
public sealed record AccountInfo(
    MailAddress Address,
    string DisplayName,
    bool Active,
    ImmutableArray<MailAddress> Forward,
    bool KeepCopy,
    SmarthostSettings? Smarthost,
    string? SmsNumber,
    IReadOnlyDictionary<string, string> Properties,
    DateTimeOffset Created,
    ImmutableArray<MailAddress> Aliases)
{
    public string Key => Address.Key;

    public static AccountInfo From(Account a, ImmutableArray<MailAddress> aliases) =>
        new(a.Address, a.DisplayName, a.Active, a.Forward, a.KeepCopy, a.Smarthost, a.SmsNumber, a.Properties, a.Created, aliases);
}
