using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorMail.Protocols.Smtp;

/// <summary>Builds the Received header ActorMail prepends to every message it accepts.</summary>
public static class ReceivedHeader
{
    /// <summary>
    /// The complete header field, folded, ending in CRLF:
    /// <c>Received: from helo (rdns [ip])\r\n\tby host with ESMTPSA id X\r\n\tfor &lt;rcpt&gt;; date\r\n</c>.
    /// </summary>
    public static string Build(ReceivedInfo info)
    {
        var sb = new StringBuilder(200);
        sb.Append("Received: from ").Append(Clean(info.HeloName));
        sb.Append(" (").Append(info.ReverseDns is { Length: > 0 } rdns ? Clean(rdns) : "unknown");
        sb.Append(' ').Append(AddressLiteral(info.ClientAddress)).Append(')');
        sb.Append("\r\n\tby ").Append(Clean(info.HostName));
        sb.Append(" with ").Append(Protocol(info));
        sb.Append(" id ").Append(Clean(info.Id));
        if (info.Recipient is { Length: > 0 } rcpt) sb.Append("\r\n\tfor <").Append(Clean(rcpt)).Append('>');
        sb.Append("; ").Append(FormatDate(info.Date)).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>RFC 3848 / RFC 6531 protocol keyword: SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA, UTF8SMTP….</summary>
    public static string Protocol(ReceivedInfo info)
    {
        if (!info.Extended) return "SMTP";
        var baseName = info.Utf8 ? "UTF8SMTP" : "ESMTP";
        return baseName + (info.Tls ? "S" : "") + (info.Authenticated ? "A" : "");
    }

    /// <summary>RFC 5322 §3.3 date-time, e.g. "Tue, 1 Jul 2025 09:05:03 +0200".</summary>
    public static string FormatDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        char sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return date.ToString("ddd, d MMM yyyy HH':'mm':'ss ", CultureInfo.InvariantCulture) +
               sign + abs.Hours.ToString("00", CultureInfo.InvariantCulture) + abs.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    private static string AddressLiteral(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? "[IPv6:" + address + "]"
            : "[" + address + "]";
    }

    // a header field must not carry CR, LF or other controls that would end or forge it
    private static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c < ' ' || c == '\x7f' || c is '(' or ')' or ';' or '<' or '>') continue;
            sb.Append(c);
        }
        return sb.Length == 0 ? "unknown" : sb.ToString();
    }
}
