using System.Text;

namespace ActorMail.Protocols.Imap;

/// <summary>
/// One complete command as received: its lines (CRLF removed) and the literal that follows each line
/// but the last, so <c>Lines.Count == Literals.Count + 1</c>. Every line but the last ends in its literal marker.
/// </summary>
public sealed class ImapFrame
{
    public ImapFrame(IReadOnlyList<byte[]> lines, IReadOnlyList<ImapLiteral> literals)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(literals);
        if (lines.Count != literals.Count + 1) throw new ArgumentException("a frame has one line more than literals", nameof(lines));
        Lines = lines;
        Literals = literals;
    }

    public IReadOnlyList<byte[]> Lines { get; }

    public IReadOnlyList<ImapLiteral> Literals { get; }

    /// <summary>A frame of a single line without literals (ASCII/UTF-8 text, no CRLF).</summary>
    public static ImapFrame FromLine(string line) => new([Encoding.UTF8.GetBytes(line)], []);

    /// <summary>The tag at the start of the first line when it is a valid tag, else null.</summary>
    public string? Tag => ImapGrammar.TryReadTag(Lines[0]);
}
