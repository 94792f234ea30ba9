using System.Text;

namespace ActorMail.Protocols.Imap;

/// <summary>Character classes of the IMAP grammar (RFC 9051 §9).</summary>
internal static class ImapGrammar
{
    /// <summary>ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ].</summary>
    public static bool IsAtomChar(int b) =>
        b is > 0x20 and < 0x7f && b is not ('(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']');

    /// <summary>ASTRING-CHAR: ATOM-CHAR or "]".</summary>
    public static bool IsAStringChar(int b) => IsAtomChar(b) || b == ']';

    /// <summary>Tag characters: ASTRING-CHAR except "+".</summary>
    public static bool IsTagChar(int b) => IsAStringChar(b) && b != '+';

    /// <summary>list-char: ATOM-CHAR, list-wildcards or resp-specials.</summary>
    public static bool IsListChar(int b) => IsAStringChar(b) || b is '%' or '*';

    /// <summary>The tag that starts <paramref name="line"/> (followed by a space), or null.</summary>
    public static string? TryReadTag(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && i <= ImapLimits.MaxTagLength && IsTagChar(line[i])) i++;
        if (i == 0 || i > ImapLimits.MaxTagLength || i >= line.Length || line[i] != ' ') return null;
        return Encoding.ASCII.GetString(line[..i]);
    }
}
