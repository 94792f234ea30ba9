using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorMail.Configuration;

/// <summary>Parsers of setting values. Each returns null on success or a one-line problem.</summary>
internal static class ValueParsers
{
    private static readonly (string Unit, long Ticks)[] DurationUnits =
    {
        ("ms", TimeSpan.TicksPerMillisecond), ("millis", TimeSpan.TicksPerMillisecond),
        ("millisecond", TimeSpan.TicksPerMillisecond), ("milliseconds", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("second", TimeSpan.TicksPerSecond), ("seconds", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute), ("minute", TimeSpan.TicksPerMinute), ("minutes", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour), ("hour", TimeSpan.TicksPerHour), ("hours", TimeSpan.TicksPerHour),
        ("d", TimeSpan.TicksPerDay), ("day", TimeSpan.TicksPerDay), ("days", TimeSpan.TicksPerDay),
    };

    private static readonly (string Unit, long Bytes)[] SizeUnits =
    {
        ("B", 1L), ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
    };

    public static string? Duration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var (number, unit) = SplitNumber(text.Trim());
        if (number.Length == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return $"'{text}' is not a duration; use a number and a unit: ms, s, m, h, d (e.g. 30s, 5m)";
        if (unit.Length == 0)
        {
            if (amount == 0) return null;
            return $"'{text}' has no unit; use ms, s, m, h or d (e.g. {number}s)";
        }
        foreach (var (name, ticks) in DurationUnits)
        {
            if (!string.Equals(name, unit, StringComparison.Ordinal)) continue;
            var total = amount * ticks;
            if (total > TimeSpan.MaxValue.Ticks) return $"'{text}' is too long a duration";
            value = TimeSpan.FromTicks((long)total);
            return null;
        }
        return $"'{text}' has an unknown duration unit '{unit}'; use ms, s, m, h or d";
    }

    public static string? Size(string text, out long value)
    {
        value = 0;
        var (number, unit) = SplitNumber(text.Trim());
        if (number.Length == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return $"'{text}' is not a size; use bytes or an IEC unit: B, KiB, MiB, GiB, TiB (e.g. 50MiB)";
        long factor = 1;
        if (unit.Length > 0)
        {
            var match = SizeUnits.FirstOrDefault(u => u.Unit == unit);
            if (match.Unit is null)
                return $"'{text}' has an unknown size unit '{unit}'; only IEC units B, KiB, MiB, GiB, TiB and plain bytes are accepted (not KB/MB/GB)";
            factor = match.Bytes;
        }
        var total = amount * factor;
        if (total > long.MaxValue) return $"'{text}' is too large";
        if (total != decimal.Truncate(total)) return $"'{text}' is not a whole number of bytes";
        value = (long)total;
        return null;
    }

    public static string? Boolean(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "on" or "true" or "yes": value = true; return null;
            case "off" or "false" or "no": value = false; return null;
            default: value = false; return $"'{text}' is not a boolean; use on, off, true, false, yes or no";
        }
    }

    public static string? Integer(string text, long min, long max, out long value)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return $"'{text}' is not a whole number";
        if (value < min || value > max)
            return max == long.MaxValue ? $"{value} is below the minimum {min}" : $"{value} is out of range {min}..{max}";
        return null;
    }

    /// <summary>A listener port: -1 (off) or 1..65535; with <paramref name="allowZero"/> 0 (any free port) too.</summary>
    public static string? Port(string text, bool allowOff, bool allowZero, out int value)
    {
        value = -1;
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port))
            return $"'{text}' is not a port number";
        bool ok = port is >= 1 and <= 65535 || (allowOff && port == -1) || (allowZero && port == 0);
        if (!ok)
        {
            var range = allowZero ? "0..65535" : "1..65535";
            return $"port {port} is out of range {range}" + (allowOff ? " (-1 switches the listener off)" : "");
        }
        value = port;
        return null;
    }

    public static string? Enum<T>(string text, IReadOnlyList<(string Name, T Value)> table, out T value)
    {
        var wanted = text.Trim().ToLowerInvariant();
        foreach (var (name, v) in table)
        {
            if (name == wanted) { value = v; return null; }
        }
        value = table[0].Value;
        return $"'{text}' is not one of {string.Join(", ", table.Select(t => t.Name))}";
    }

    /// <summary>An IP address or CIDR range (192.0.2.0/24, 2001:db8::/32, 198.51.100.7).</summary>
    public static string? Cidr(string text)
    {
        var t = text.Trim();
        var slash = t.IndexOf('/');
        var addressPart = slash < 0 ? t : t[..slash];
        if (!IPAddress.TryParse(addressPart, out var address) || addressPart.Contains('%'))
            return $"'{text}' is not an IP address or CIDR range (e.g. 192.0.2.0/24)";
        if (slash < 0) return null;
        int maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (!int.TryParse(t[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > maxPrefix)
            return $"'{text}' has an invalid prefix length (0..{maxPrefix})";
        return null;
    }

    /// <summary>"ip", "ip:port" or "[ipv6]:port"; port 53 when omitted.</summary>
    public static string? DnsServer(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        var t = text.Trim();
        if (IPAddress.TryParse(t, out var bare) && !t.StartsWith('['))
        {
            if (bare.AddressFamily == AddressFamily.InterNetwork && t.Contains(':'))
                return $"'{text}' is not a DNS server address";
            endpoint = new IPEndPoint(bare, 53);
            return null;
        }
        if (IPEndPoint.TryParse(t, out var parsed) && (t.StartsWith('[') || parsed.Address.AddressFamily == AddressFamily.InterNetwork))
        {
            endpoint = parsed.Port == 0 && !t.EndsWith(":0", StringComparison.Ordinal) ? new IPEndPoint(parsed.Address, 53) : parsed;
            if (endpoint.Port == 0) { endpoint = null; return $"'{text}' has port 0"; }
            return null;
        }
        return $"'{text}' is not a DNS server; use ip, ip:port or [ipv6]:port";
    }

    private static (string Number, string Unit) SplitNumber(string text)
    {
        int i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
        return (text[..i], text[i..].Trim());
    }
}
