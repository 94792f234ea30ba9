using System.Buffers;
using System.Text;
using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3ScanListingTests
{
    private static MaildropView Sample()
    {
        var view = new MaildropView(0x2a, [new MaildropEntry(1, 120), new MaildropEntry(2, 200), new MaildropEntry(9, 3)]);
        view.Delete(2);
        return view;
    }

    [Fact]
    public void List_shows_messages_not_deleted_with_their_sizes()
    {
        var output = new ArrayBufferWriter<byte>();
        Pop3ScanListing.WriteList(output, Sample());
        Assert.Equal("+OK 2 messages (123 octets)\r\n1 120\r\n3 3\r\n.\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Uidl_shows_messages_not_deleted_with_their_ids()
    {
        var output = new ArrayBufferWriter<byte>();
        Pop3ScanListing.WriteUidl(output, Sample());
        Assert.Equal(
            "+OK Unique-ID listing follows\r\n1 0000002a00000001\r\n3 0000002a00000009\r\n.\r\n",
            Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Empty_listing_is_just_the_terminator()
    {
        var output = new ArrayBufferWriter<byte>();
        Pop3ScanListing.WriteList(output, new MaildropView(1, []));
        Assert.Equal("+OK 0 messages (0 octets)\r\n.\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Single_lines()
    {
        var view = Sample();
        Assert.True(view.TryGet(3, out var message, out _));
        Assert.Equal("3 3", Pop3ScanListing.ListLine(message));
        Assert.Equal("3 0000002a00000009", Pop3ScanListing.UidlLine(view, message));
    }
}
