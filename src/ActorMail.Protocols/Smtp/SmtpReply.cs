using System.Buffers;
using System.Text;

namespace ActorMail.Protocols.Smtp;

/// <summary>
/// One SMTP reply: a three-digit code, an optional RFC 3463 enhanced status code and text.
/// Lines of a multi-line reply are separated by '\n' in <see cref="Text"/>.
/// </summary>
public sealed record SmtpReply(int Code, string? Enhanced, string Text)
{
    /// <summary>2yz: the command succeeded.</summary>
    public bool IsPositive => Code is >= 200 and < 400;

    /// <summary>4yz: a temporary failure.</summary>
    public bool IsTransient => Code is >= 400 and < 500;

    /// <summary>5yz: a permanent failure.</summary>
    public bool IsPermanent => Code >= 500;

    /// <summary>The text split into its lines (CR and LF never appear inside a line).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var parts = Text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
            return parts;
        }
    }

    /// <summary>Renders the reply as wire text: <c>250-first</c> … <c>250 last</c>, each line ending in CRLF.</summary>
    /// <remarks>RFC 5321 §4.2.1; RFC 2034 §4 puts the enhanced code on every line.</remarks>
    public string Render()
    {
        var sb = new StringBuilder();
        var lines = Lines;
        for (int i = 0; i < lines.Count; i++)
        {
            sb.Append(Code.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
            sb.Append(i == lines.Count - 1 ? ' ' : '-');
            if (!string.IsNullOrEmpty(Enhanced))
            {
                sb.Append(Enhanced);
                if (lines[i].Length > 0) sb.Append(' ');
            }
            sb.Append(lines[i]);
            sb.Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>The rendered reply as UTF-8 bytes.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Render());

    /// <summary>Writes the rendered reply to <paramref name="writer"/>.</summary>
    public void WriteTo(IBufferWriter<byte> writer) => writer.Write(ToBytes());

    /// <summary>The same reply with another text (the code and enhanced code kept).</summary>
    public SmtpReply WithText(string text) => this with { Text = text };

    public override string ToString() => Render().TrimEnd('\r', '\n');
}
