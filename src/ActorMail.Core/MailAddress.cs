using System.Diagnostics.CodeAnalysis;

namespace ActorMail.Core;

/// <summary>
/// An RFC 5321 mailbox (local-part@domain). The domain is kept lower-case; the local part keeps
/// its case for display but compares case-insensitively, as ActorMail's accounts do.
/// </summary>
public readonly record struct MailAddress
{
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;

    public string LocalPart { get; }
    public string Domain { get; }

    private MailAddress(string localPart, string domain)
    {
        LocalPart = localPart;
        Domain = domain;
    }

    /// <summary>Lower-case form used as the key of accounts, aliases and mailboxes.</summary>
    public string Key => (LocalPart + "@" + Domain).ToLowerInvariant();

    public override string ToString() => LocalPart + "@" + Domain;

    public bool Equals(MailAddress other) =>
        string.Equals(LocalPart, other.LocalPart, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(Domain, other.Domain, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Key);

    public static MailAddress Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not a valid mail address");

    /// <summary>Parses a bare address (no angle brackets, no display name).</summary>
    public static bool TryParse(string? text, out MailAddress address)
    {
        address = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength) return false;
        int at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1) return false;
        var local = text[..at];
        var domain = text[(at + 1)..];
        if (!IsValidLocalPart(local) || !DomainName.IsValid(domain)) return false;
        address = new MailAddress(local, DomainName.Normalize(domain));
        return true;
    }

    /// <summary>Accepts a full address, or a bare local part taken on <paramref name="primaryDomain"/> (login names).</summary>
    public static bool TryParseLogin(string? text, string primaryDomain, out MailAddress address)
    {
        address = default;
        if (string.IsNullOrEmpty(text)) return false;
        if (text.Contains('@')) return TryParse(text, out address);
        return TryParse(text + "@" + primaryDomain, out address);
    }

    public MailAddress WithDomain(string domain) => new(LocalPart, DomainName.Normalize(domain));

    private static bool IsValidLocalPart(string local)
    {
        if (local.Length is 0 or > MaxLocalPartLength) return false;
        if (local.Length >= 2 && local[0] == '"' && local[^1] == '"')
        {
            for (int i = 1; i < local.Length - 1; i++)
            {
                char c = local[i];
                if (c < 32 || c == 127) return false;
                if (c == '\\') { i++; continue; }
                if (c == '"') return false;
            }
            return true;
        }
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal)) return false;
        foreach (char c in local)
        {
            if (c > 127) continue; // SMTPUTF8 (RFC 6531) local parts
            if (char.IsAsciiLetterOrDigit(c)) continue;
            if ("!#$%&'*+-/=?^_`{|}~.".IndexOf(c) >= 0) continue;
            return false;
        }
        return true;
    }
}

public static class DomainName
{
    public static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>A dot-atom host name of letters, digits and hyphens, or an address literal such as [127.0.0.1].</summary>
    public static bool IsValid([NotNullWhen(true)] string? domain)
    {
        if (string.IsNullOrEmpty(domain) || domain.Length > 253) return false;
        if (domain[0] == '[' && domain[^1] == ']')
            return System.Net.IPAddress.TryParse(domain[1..^1].Replace("IPv6:", "", StringComparison.OrdinalIgnoreCase), out _);
        var d = domain.EndsWith('.') ? domain[..^1] : domain;
        if (d.Length == 0) return false;
        foreach (var label in d.Split('.'))
        {
            if (label.Length is 0 or > 63) return false;
            if (label[0] == '-' || label[^1] == '-') return false;
            foreach (char c in label)
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c > 127)) return false;
        }
        return true;
    }
}
