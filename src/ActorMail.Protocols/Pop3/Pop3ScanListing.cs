using System.Buffers;
using System.Globalization;
using System.Text;

namespace ActorMail.Protocols.Pop3;

/// <summary>The multi-line LIST and UIDL answers (RFC 1939 §5, §7) for a <see cref="MaildropView"/>.</summary>
public static class Pop3ScanListing
{
    /// <summary>A scan listing line without CRLF: <c>n octets</c>.</summary>
    public static string ListLine(MaildropMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"{message.Number} {message.Size}");

    /// <summary>A unique-id listing line without CRLF: <c>n unique-id</c>.</summary>
    public static string UidlLine(MaildropView view, MaildropMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"{message.Number} {view.UniqueId(message)}");

    /// <summary>Writes the whole LIST answer: status line, one line per message not deleted, terminator.</summary>
    public static void WriteList(IBufferWriter<byte> output, MaildropView view)
    {
        Write(output, Pop3Replies.ListFollows(view.MessageCount, view.TotalOctets).Render());
        foreach (var message in view.Messages)
        {
            Write(output, ListLine(message) + "\r\n");
        }

        Write(output, ".\r\n");
    }

    /// <summary>Writes the whole UIDL answer: status line, one line per message not deleted, terminator.</summary>
    public static void WriteUidl(IBufferWriter<byte> output, MaildropView view)
    {
        Write(output, Pop3Replies.UidlFollows.Render());
        foreach (var message in view.Messages)
        {
            Write(output, UidlLine(view, message) + "\r\n");
        }

        Write(output, ".\r\n");
    }

    private static void Write(IBufferWriter<byte> output, string ascii)
    {
        var span = output.GetSpan(ascii.Length);
        int written = Encoding.ASCII.GetBytes(ascii, span);
        output.Advance(written);
    }
}
