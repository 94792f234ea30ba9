using System.Net;
using System.Net.Sockets;

namespace ActorMail.Configuration;

/// <summary>Checks across several settings: port clashes, and warnings about doubtful choices.</summary>
internal static class SettingsChecks
{
    /// <summary>RFC floors of the session timeouts: RFC 5321 §4.5.3.2, RFC 9051 §5.4, RFC 1939 §3.</summary>
    public static readonly TimeSpan SmtpTimeoutFloor = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ImapTimeoutFloor = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Pop3TimeoutFloor = TimeSpan.FromMinutes(10);

    public static void CheckPorts(ActorMailSettings s, SettingsReader reader, List<SettingsError> errors)
    {
        var ports = new (string Path, int Port)[]
        {
            ("actormail.smtp.port", s.Smtp.Port), ("actormail.smtp.submission-port", s.Smtp.SubmissionPort),
            ("actormail.smtp.ssl-port", s.Smtp.SslPort), ("actormail.imap.port", s.Imap.Port),
            ("actormail.imap.ssl-port", s.Imap.SslPort), ("actormail.pop3.port", s.Pop3.Port),
            ("actormail.pop3.ssl-port", s.Pop3.SslPort), ("actormail.http.port", s.Http.Port),
            ("actormail.http.ssl-port", s.Http.SslPort), ("actormail.cluster.port", s.Cluster.Port),
        };
        foreach (var group in ports.Where(p => p.Port > 0).GroupBy(p => p.Port).Where(g => g.Count() > 1))
        {
            // Name the clash at a value the user set, where there is one.
            var entries = group.Select(p => (p.Path, Location: reader.Get(p.Path).Location)).ToList();
            var blamed = entries.LastOrDefault(e => e.Location != "reference");
            if (blamed.Path is null) blamed = entries[^1];
            var others = string.Join(", ", entries.Where(e => e.Path != blamed.Path).Select(e => e.Path));
            errors.Add(TreeFlattener.Error(blamed.Path, blamed.Location, $"port {group.Key} is also used by {others}; each enabled listener needs its own port (-1 = off)"));
        }
    }

    public static void AddWarnings(ActorMailSettings s, List<string> warnings)
    {
        Floor(warnings, "actormail.smtp.timeout", s.Smtp.Timeout, SmtpTimeoutFloor, "RFC 5321 §4.5.3.2");
        Floor(warnings, "actormail.imap.timeout", s.Imap.Timeout, ImapTimeoutFloor, "RFC 9051 §5.4");
        Floor(warnings, "actormail.pop3.timeout", s.Pop3.Timeout, Pop3TimeoutFloor, "RFC 1939 §3");
        if (s.Smtp.AuthPolicy == SmtpAuthPolicy.OpenRelay)
            warnings.Add("actormail.smtp.auth-policy = open-relay: anyone can send mail to any domain through this server without logging in");
        if (s.Auth.Plaintext is PlaintextAuthPolicy.Always or PlaintextAuthPolicy.Lan && !IsLoopbackOrLan(s.ListenAddress))
        {
            var who = s.Auth.Plaintext == PlaintextAuthPolicy.Always ? "any client" : "LAN clients";
            warnings.Add($"actormail.auth.plaintext = {(s.Auth.Plaintext == PlaintextAuthPolicy.Always ? "always" : "lan")} while listening on {s.ListenAddress}, beyond the LAN: {who} may send passwords without TLS");
        }
    }

    private static void Floor(List<string> warnings, string path, TimeSpan value, TimeSpan floor, string rfc)
    {
        if (value < floor)
            warnings.Add($"{path} = {SettingsReader.FormatDuration(value)} is below the {SettingsReader.FormatDuration(floor)} minimum of {rfc}");
    }

    /// <summary>Loopback or inside the private ranges of the lan-only preset.</summary>
    public static bool IsLoopbackOrLan(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80);
        return false;
    }
}
