using System.Collections.Immutable;
using ActorMail.Accounts.Events;
using ActorMail.Core;
using static ActorMail.Accounts.DirectoryCommands;

namespace ActorMail.Accounts;

/// <summary>Validation of <see cref="SetUser"/>: produces the account's complete new settings, or nothing when none changed.</summary>
internal static class AccountSettingsRules
{
    public const int MaxForwardTargets = 100;
    public const int MaxSmsNumberLength = 32;
    public const int MaxPropertyKeyLength = 128;
    public const int MaxPropertyValueLength = 64 * 1024;

    public static DirectoryDecision Decide(DirectoryState state, SetUser c)
    {
        var account = state.FindAccount(c.Address);
        if (account is null) return DirectoryLogic.NoAccount(c.Address);

        var name = c.DisplayName is null ? account.DisplayName : c.DisplayName.Trim();
        if (!DirectoryLogic.IsValidDisplayName(name))
            return DirectoryLogic.Invalid("the display name is too long or contains control characters");

        var forward = account.Forward;
        if (c.Forward is not null)
        {
            var builder = ImmutableArray.CreateBuilder<MailAddress>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var target in c.Forward)
            {
                if (target.Key == account.Key) return DirectoryLogic.Invalid("an account cannot forward to itself; use keep-copy");
                if (seen.Add(target.Key)) builder.Add(target);
            }
            if (builder.Count > MaxForwardTargets) return DirectoryLogic.Invalid($"at most {MaxForwardTargets} forward targets");
            forward = builder.ToImmutable();
        }

        var smarthost = c.ClearSmarthost ? null : c.Smarthost ?? account.Smarthost;
        if (c.Smarthost is not null && !c.ClearSmarthost && !IsValidSmarthost(c.Smarthost))
            return DirectoryLogic.Invalid("the smarthost needs a host name and a port from 1 to 65535");

        var sms = account.SmsNumber;
        if (c.SmsNumber is not null)
        {
            var trimmed = c.SmsNumber.Trim();
            if (trimmed.Length > MaxSmsNumberLength || !trimmed.All(ch => char.IsAsciiDigit(ch) || ch is '+' or ' ' or '-'))
                return DirectoryLogic.Invalid("the SMS number may hold only digits, '+', '-' and spaces");
            sms = trimmed.Length == 0 ? null : trimmed;
        }

        var properties = account.Properties;
        if (c.Properties is not null)
        {
            foreach (var (key, value) in c.Properties)
            {
                if (key.Length is 0 or > MaxPropertyKeyLength || key.Any(char.IsControl))
                    return DirectoryLogic.Invalid($"'{key}' is not a valid property name");
                if (value is null) properties = properties.Remove(key);
                else if (value.Length > MaxPropertyValueLength) return DirectoryLogic.Invalid($"property '{key}' is too long");
                else properties = properties.SetItem(key, value);
            }
        }

        var active = c.Active ?? account.Active;
        var keepCopy = c.KeepCopy ?? account.KeepCopy;
        bool changed = name != account.DisplayName
            || active != account.Active
            || !forward.SequenceEqual(account.Forward, (a, b) => a.Key == b.Key && a.ToString() == b.ToString())
            || keepCopy != account.KeepCopy
            || smarthost != account.Smarthost
            || sms != account.SmsNumber
            || !SameProperties(properties, account.Properties);
        if (!changed) return DirectoryDecision.Accept();
        return DirectoryDecision.Accept(new UserSettingsChanged(account.Address, name, active, forward, keepCopy, smarthost, sms, properties));
    }

    private static bool IsValidSmarthost(SmarthostSettings s) =>
        s.Port is > 0 and <= 65535 && (DomainName.IsValid(s.Host) || System.Net.IPAddress.TryParse(s.Host, out _));

    private static bool SameProperties(ImmutableSortedDictionary<string, string> a, ImmutableSortedDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
