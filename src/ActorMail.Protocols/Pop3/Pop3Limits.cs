namespace ActorMail.Protocols.Pop3;

/// <summary>Input limits of a POP3 session. Lengths count octets including the line terminator.</summary>
/// <param name="MaxLineLength">
/// Longest command line. RFC 2449 §4 caps commands at 255 octets; the default of 512 tolerates clients that exceed it.
/// </param>
/// <param name="MaxAuthLineLength">Longest SASL response line after a <c>+ </c> continuation (RFC 5034 §4).</param>
public sealed record Pop3Limits(int MaxLineLength = 512, int MaxAuthLineLength = 8192)
{
    /// <summary>The defaults: 512 octets per command line, 8 KiB per SASL response line.</summary>
    public static Pop3Limits Default { get; } = new();
}
