using System.Globalization;

namespace ActorMail.Protocols.Imap;

/// <summary>IMAP date and date-time text (RFC 9051 §9: date, date-time).</summary>
public static class ImapDate
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Formats an internal date: <c>dd-MMM-yyyy HH:mm:ss +zzzz</c>, e.g. <c>07-Feb-1994 21:52:25 -0800</c>.</summary>
    public static string FormatDateTime(DateTimeOffset value)
    {
        var off = value.Offset;
        char sign = off < TimeSpan.Zero ? '-' : '+';
        off = off.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{value.Day:00}-{Months[value.Month - 1]}-{value.Year:0000} {value.Hour:00}:{value.Minute:00}:{value.Second:00} {sign}{off.Hours:00}{off.Minutes:00}");
    }

    /// <summary>Formats a search date: <c>d-MMM-yyyy</c>.</summary>
    public static string FormatDate(DateOnly value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value.Day}-{Months[value.Month - 1]}-{value.Year:0000}");

    /// <summary>Parses <c>dd-MMM-yyyy HH:mm:ss +zzzz</c> (day may be " d"), month names in any case.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length == 26 && text[0] == ' ') text = "0" + text[1..];
        if (text.Length != 26 || text[2] != '-' || text[6] != '-' || text[11] != ' ' || text[14] != ':' || text[17] != ':' || text[20] != ' ')
            return false;
        if (!Digits(text, 0, 2, out int day) || !Month(text.AsSpan(3, 3), out int month) || !Digits(text, 7, 4, out int year)
            || !Digits(text, 12, 2, out int hour) || !Digits(text, 15, 2, out int minute) || !Digits(text, 18, 2, out int second)
            || text[21] is not ('+' or '-') || !Digits(text, 22, 2, out int zh) || !Digits(text, 24, 2, out int zm))
            return false;
        if (year is < 2 or > 9998 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60 || zh * 60 + zm > 14 * 60)
            return false;
        var offset = new TimeSpan(zh, zm, 0);
        if (text[21] == '-') offset = -offset;
        value = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset);
        return true;
    }

    /// <summary>Parses <c>d-MMM-yyyy</c> (1 or 2 day digits).</summary>
    public static bool TryParseDate(string text, out DateOnly value)
    {
        value = default;
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash is < 1 or > 2 || text.Length != dash + 9 || text[dash + 4] != '-') return false;
        if (!Digits(text, 0, dash, out int day) || !Month(text.AsSpan(dash + 1, 3), out int month) || !Digits(text, dash + 5, 4, out int year))
            return false;
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        value = new DateOnly(year, month, day);
        return true;
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }

    private static bool Month(ReadOnlySpan<char> name, out int month)
    {
        for (month = 1; month <= 12; month++)
            if (name.Equals(Months[month - 1], StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
