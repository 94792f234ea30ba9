using System.Globalization;

namespace ActorMail.Protocols.Imap;

/// <summary>Facts that decide the CAPABILITY list.</summary>
/// <param name="TlsActive">The connection is already encrypted.</param>
/// <param name="TlsAvailable">STARTTLS can be offered (a certificate is configured).</param>
/// <param name="PlaintextAllowed">Plaintext LOGIN/AUTH PLAIN is allowed without TLS for this client (auth.plaintext).</param>
/// <param name="AppendLimit">APPENDLIMIT in octets; 0 forbids APPEND.</param>
/// <param name="Authenticated">After login the pre-login items (STARTTLS, AUTH=, LOGINDISABLED) are left out.</param>
/// <param name="Utf8Accept">Advertise UTF8=ACCEPT (RFC 6855).</param>
public sealed record ImapCapabilityFacts(
    bool TlsActive,
    bool TlsAvailable,
    bool PlaintextAllowed,
    long AppendLimit,
    bool Authenticated,
    bool Utf8Accept = false);

/// <summary>Builds the CAPABILITY list.</summary>
public static class ImapCapabilities
{
    /// <summary>Extensions always offered, in the order listed.</summary>
    public static readonly IReadOnlyList<string> Extensions =
    [
        "SASL-IR", "LITERAL+", "ID", "ENABLE", "IDLE", "NAMESPACE", "UNSELECT", "UIDPLUS", "MOVE", "CHILDREN",
        "SPECIAL-USE", "CREATE-SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS", "ESEARCH", "SEARCHRES", "CONDSTORE", "QRESYNC",
    ];

    public static IReadOnlyList<string> Build(ImapCapabilityFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var caps = new List<string> { "IMAP4rev1" };
        if (!facts.Authenticated)
        {
            if (facts.TlsAvailable && !facts.TlsActive) caps.Add("STARTTLS");
            if (facts.TlsActive || facts.PlaintextAllowed) caps.Add("AUTH=PLAIN");
            else caps.Add("LOGINDISABLED");
        }
        caps.AddRange(Extensions);
        if (facts.Utf8Accept) caps.Add("UTF8=ACCEPT");
        long limit = Math.Clamp(facts.AppendLimit, 0, uint.MaxValue);
        caps.Add("APPENDLIMIT=" + limit.ToString(CultureInfo.InvariantCulture));
        return caps;
    }

    /// <summary>The untagged response line without "* " and CRLF: <c>CAPABILITY IMAP4rev1 ...</c>.</summary>
    public static string Render(ImapCapabilityFacts facts) => ImapResponseCode.Capability(Build(facts));
}
