using System.Text;

namespace ActorMail.Protocols.Pop3;

/// <summary>
/// One single-line POP3 status reply: <c>+OK text</c> or <c>-ERR [CODE] text</c>.
/// </summary>
/// <remarks>Response codes in brackets follow RFC 2449 §8 and RFC 3206; they appear on <c>-ERR</c> replies only.</remarks>
public sealed record Pop3Reply(bool IsOk, string? Code, string Text)
{
    /// <summary>Renders the reply as one wire line ending in CRLF.</summary>
    public string Render()
    {
        var sb = new StringBuilder(IsOk ? "+OK" : "-ERR");
        if (!IsOk && Code is not null)
        {
            sb.Append(" [").Append(Code).Append(']');
        }

        if (Text.Length > 0)
        {
            sb.Append(' ').Append(Text);
        }

        return sb.Append("\r\n").ToString();
    }

    /// <summary>The rendered line as UTF-8 bytes.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Render());

    public override string ToString() => Render().TrimEnd('\r', '\n');
}
