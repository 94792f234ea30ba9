using System.Net;
using System.Text;
using ActorMail.Core;

namespace ActorMail.Protocols.Smtp;

/// <summary>Shared pieces of the RFC 5321 §4.1.2 grammar: paths, mailboxes, ESMTP parameters, domains.</summary>
internal static class SmtpGrammar
{
    public const int MaxPathOctets = 256;
    public const int MaxLocalPartOctets = 64;
    public const int MaxDomainOctets = 255;

    /// <summary>One ESMTP parameter; Value is null when the keyword had no "=value".</summary>
    public readonly record struct Parameter(string Keyword, string? Value);

    /// <summary>
    /// Splits "FROM:&lt;path&gt; params" after the given prefix. Returns the text inside the angle brackets and
    /// the parameter text, or the syntax error reply <paramref name="syntaxError"/>.
    /// </summary>
    public static SmtpReply? SplitPathArgument(string args, string prefix, SmtpReply syntaxError, out string inner, out string parameters)
    {
        inner = "";
        parameters = "";
        if (!args.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return SmtpReplies.InvalidArguments;
        int i = prefix.Length;
        while (i < args.Length && args[i] == ' ') i++; // "MAIL FROM: <a@b>" is common; tolerated
        if (i >= args.Length || args[i] != '<') return syntaxError;
        int open = i;
        bool quoted = false;
        int close = -1;
        for (int j = open + 1; j < args.Length; j++)
        {
            char c = args[j];
            if (quoted)
            {
                if (c == '\\') j++;
                else if (c == '"') quoted = false;
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '>')
            {
                close = j;
                break;
            }
            else if (c == '<')
            {
                return syntaxError;
            }
        }
        if (close < 0) return syntaxError;
        inner = args[(open + 1)..close];
        var rest = args[(close + 1)..];
        if (rest.Length > 0 && rest[0] != ' ') return syntaxError;
        parameters = rest.Trim(' ');
        return null;
    }

    /// <summary>Parses the text inside a path's angle brackets into a mailbox (source routes are dropped).</summary>
    /// <param name="sender">Chooses the enhanced codes: 5.1.7 for a sender, 5.1.3 for a recipient.</param>
    public static SmtpReply? ParseMailbox(string inner, bool sender, bool allowUtf8, out MailAddress address)
    {
        address = default;
        var syntax = sender ? SmtpReplies.BadSenderSyntax : SmtpReplies.BadRecipientSyntax;
        var tooLong = sender ? SmtpReplies.SenderTooLong : SmtpReplies.RecipientTooLong;
        if (Encoding.UTF8.GetByteCount(inner) + 2 > MaxPathOctets) return tooLong;

        // RFC 5321 §4.1.1.3 / appendix C: a source route "@a,@b:" is accepted and ignored
        if (inner.StartsWith('@'))
        {
            int colon = inner.IndexOf(':');
            if (colon < 0) return syntax;
            foreach (var hop in inner[..colon].Split(','))
            {
                if (hop.Length < 2 || hop[0] != '@' || !IsAsciiDomainOrLiteral(hop[1..])) return syntax;
            }
            inner = inner[(colon + 1)..];
        }

        foreach (char c in inner)
        {
            if (c < ' ' || c == '\x7f' || c == '\uFFFD') return syntax;
        }
        if (!IsAscii(inner) && !allowUtf8) return SmtpReplies.Utf8AddressNotPermitted;

        int at = inner.LastIndexOf('@');
        if (at <= 0 || at == inner.Length - 1) return syntax;
        var local = inner[..at];
        var domain = inner[(at + 1)..];
        if (Encoding.UTF8.GetByteCount(local) > MaxLocalPartOctets) return tooLong;
        if (Encoding.UTF8.GetByteCount(domain) > MaxDomainOctets) return tooLong;
        if (!local.StartsWith('"') && local.Contains(' ')) return syntax;
        if (domain.Contains(' ') || domain.EndsWith('.')) return syntax;
        if (domain.StartsWith('[') && !IsAddressLiteral(domain)) return syntax;
        if (!MailAddress.TryParse(inner, out address)) return syntax;
        return null;
    }

    /// <summary>Splits and checks ESMTP parameters (RFC 5321 §4.1.2 esmtp-param); keywords are upper-cased.</summary>
    public static SmtpReply? ParseParameters(string text, bool allowUtf8, out List<Parameter> parameters)
    {
        parameters = new List<Parameter>();
        if (text.Length == 0) return null;
        foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = item.IndexOf('=');
            var keyword = eq < 0 ? item : item[..eq];
            string? value = eq < 0 ? null : item[(eq + 1)..];
            if (!IsKeyword(keyword)) return SmtpReplies.InvalidArguments;
            if (value is not null)
            {
                if (value.Length == 0) return SmtpReplies.InvalidParameterValue;
                foreach (char c in value)
                {
                    bool ok = (c >= '!' && c <= '~' && c != '=') || (allowUtf8 && c > 127 && c != '\uFFFD');
                    if (!ok) return SmtpReplies.InvalidParameterValue;
                }
            }
            keyword = keyword.ToUpperInvariant();
            foreach (var p in parameters)
            {
                if (p.Keyword == keyword) return SmtpReplies.DuplicateParameter;
            }
            parameters.Add(new Parameter(keyword, value));
        }
        return null;
    }

    /// <summary>True when the EHLO/HELO argument is a host name (letters, digits, '-', '_') or an address literal.</summary>
    public static bool IsHeloDomain(string text)
    {
        if (text.Length is 0 or > MaxDomainOctets) return false;
        if (text[0] == '[') return IsAddressLiteral(text);
        var d = text.EndsWith('.') ? text[..^1] : text;
        if (d.Length == 0) return false;
        foreach (var label in d.Split('.'))
        {
            if (label.Length is 0 or > 63) return false;
            foreach (char c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return false;
            }
        }
        return true;
    }

    /// <summary>RFC 5321 §4.1.3 address literal: [IPv4] or [IPv6:address].</summary>
    public static bool IsAddressLiteral(string text)
    {
        if (text.Length < 3 || text[0] != '[' || text[^1] != ']') return false;
        var inner = text[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.TryParse(inner[5..], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }
        // a dotted quad only: IPAddress.TryParse also takes forms such as "1" or "0x7f.1"
        var parts = inner.Split('.');
        if (parts.Length != 4) return false;
        foreach (var p in parts)
        {
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) > 255) return false;
        }
        return true;
    }

    public static bool IsAscii(string text)
    {
        foreach (char c in text)
        {
            if (c > 127) return false;
        }
        return true;
    }

    private static bool IsAsciiDomainOrLiteral(string text) =>
        text.StartsWith('[') ? IsAddressLiteral(text) : IsAscii(text) && DomainName.IsValid(text);

    private static bool IsKeyword(string keyword)
    {
        if (keyword.Length == 0 || !char.IsAsciiLetterOrDigit(keyword[0])) return false;
        foreach (char c in keyword)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        return true;
    }
}
