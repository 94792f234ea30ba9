using System.Text;

namespace ActorMail.Protocols.Pop3;

/// <summary>The CAPA answer (RFC 2449 §5) and the SASL mechanism list, computed from the session facts.</summary>
/// <remarks>
/// The list is the same in AUTHORIZATION and TRANSACTION (RFC 2449 §5 requires AUTHORIZATION capabilities in both).
/// USER and SASL PLAIN appear only where the plaintext-auth policy allows them; STLS only while TLS can still start.
/// </remarks>
public static class Pop3Capabilities
{
    /// <summary>The implementation name announced by the IMPLEMENTATION capability.</summary>
    public const string Implementation = "ActorMail";

    /// <summary>The SASL mechanisms usable on this connection now; empty when none is.</summary>
    public static IReadOnlyList<string> Mechanisms(Pop3SessionFacts facts) =>
        facts.PlaintextAuthAllowed ? [AuthCommand.Plain] : [];

    /// <summary>True when <paramref name="mechanism"/> (upper case) is offered on this connection now.</summary>
    public static bool IsMechanismOffered(Pop3SessionFacts facts, string mechanism) =>
        Mechanisms(facts).Contains(mechanism);

    /// <summary>The capability lines, without the status line and terminator.</summary>
    public static IReadOnlyList<string> Lines(Pop3SessionFacts facts)
    {
        var lines = new List<string> { "TOP", "UIDL" };
        if (facts.PlaintextAuthAllowed)
        {
            lines.Add("USER");
        }

        var mechanisms = Mechanisms(facts);
        if (mechanisms.Count > 0)
        {
            lines.Add("SASL " + string.Join(' ', mechanisms));
        }

        lines.Add("RESP-CODES");
        lines.Add("AUTH-RESP-CODE");
        lines.Add("PIPELINING");
        if (facts.TlsAvailable && !facts.TlsActive)
        {
            lines.Add("STLS");
        }

        lines.Add("IMPLEMENTATION " + Implementation);
        return lines;
    }

    /// <summary>The whole CAPA answer: <c>+OK</c> line, one line per capability, and the terminating <c>.</c>.</summary>
    public static string Render(Pop3SessionFacts facts) => Multiline(Pop3Replies.CapabilitiesFollow, Lines(facts));

    /// <summary>The answer to <c>AUTH</c> without arguments: the mechanisms, one per line, then <c>.</c>.</summary>
    public static string RenderMechanisms(Pop3SessionFacts facts) => Multiline(Pop3Replies.MechanismsFollow, Mechanisms(facts));

    private static string Multiline(Pop3Reply head, IEnumerable<string> lines)
    {
        var sb = new StringBuilder(head.Render());
        foreach (var line in lines)
        {
            sb.Append(line).Append("\r\n");
        }

        return sb.Append(".\r\n").ToString();
    }
}
