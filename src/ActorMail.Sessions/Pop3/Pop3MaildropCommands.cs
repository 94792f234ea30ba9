using System.Buffers;
using System.Text;
using ActorMail.Protocols.Pop3;

namespace ActorMail.Sessions.Pop3;

/// <summary>
/// The TRANSACTION commands answered from the snapshot alone (STAT, LIST, UIDL, DELE, RSET, NOOP):
/// no I/O, the whole answer is rendered into a buffer. RETR and TOP, which stream bodies, are the
/// session's.
/// </summary>
internal static class Pop3MaildropCommands
{
    /// <summary>Renders the answer to <paramref name="command"/> into <paramref name="output"/>; false when the command is not one of these.</summary>
    public static bool TryAnswer(Pop3Command command, MaildropView view, IBufferWriter<byte> output)
    {
        switch (command)
        {
            case StatCommand:
                Write(output, Pop3Replies.Stat(view.MessageCount, view.TotalOctets));
                return true;
            case ListCommand { MessageNumber: null }:
                Pop3ScanListing.WriteList(output, view);
                return true;
            case ListCommand { MessageNumber: int n }:
                Write(output, view.TryGet(n, out var listed, out var listError) ? Pop3Replies.ListEntry(n, listed.Size) : listError);
                return true;
            case UidlCommand { MessageNumber: null }:
                Pop3ScanListing.WriteUidl(output, view);
                return true;
            case UidlCommand { MessageNumber: int n }:
                Write(output, view.TryGet(n, out var found, out var uidlError) ? Pop3Replies.UidlEntry(n, view.UniqueId(found)) : uidlError);
                return true;
            case DeleCommand dele:
                Write(output, view.Delete(dele.MessageNumber));
                return true;
            case RsetCommand:
                view.Reset();
                Write(output, Pop3Replies.Reset(view.MessageCount, view.TotalOctets));
                return true;
            case NoopCommand:
                Write(output, Pop3Replies.Done);
                return true;
            default:
                return false;
        }
    }

    private static void Write(IBufferWriter<byte> output, Pop3Reply reply) => output.Write(Encoding.ASCII.GetBytes(reply.Render()));
}
