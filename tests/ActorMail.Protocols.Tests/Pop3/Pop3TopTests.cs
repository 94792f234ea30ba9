using System.Text;
using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3TopTests
{
    private const string Message = "From: a@example.org\r\nSubject: hi\r\n\r\nline 1\r\n.line 2\r\nline 3\r\n";

    private static string Top(string message, int lines, int maxChunk = 5)
    {
        var destination = new MemoryStream();
        Pop3Output.Top(destination, new ChunkedStream(Encoding.ASCII.GetBytes(message), new Random(lines), maxChunk), lines);
        return Encoding.ASCII.GetString(destination.ToArray());
    }

    [Fact]
    public void Zero_lines_gives_the_header_and_blank_line() =>
        Assert.Equal("From: a@example.org\r\nSubject: hi\r\n\r\n.\r\n", Top(Message, 0));

    [Fact]
    public void Some_lines_are_dot_stuffed() =>
        Assert.Equal("From: a@example.org\r\nSubject: hi\r\n\r\nline 1\r\n..line 2\r\n.\r\n", Top(Message, 2));

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(1000)]
    public void More_lines_than_the_body_gives_the_whole_message(int lines) =>
        Assert.Equal("From: a@example.org\r\nSubject: hi\r\n\r\nline 1\r\n..line 2\r\nline 3\r\n.\r\n", Top(Message, lines));

    [Fact]
    public void Message_without_a_blank_line_is_all_header() =>
        Assert.Equal("A: b\r\nC: d\r\n.\r\n", Top("A: b\r\nC: d\r\n", 0));

    [Fact]
    public void Bare_lf_message_is_cut_and_normalised() =>
        Assert.Equal("A: b\r\n\r\nx\r\n.\r\n", Top("A: b\n\nx\ny\n", 1));

    [Fact]
    public void Unterminated_last_line_is_completed() =>
        Assert.Equal("A: b\r\n\r\nx\r\ny\r\n.\r\n", Top("A: b\r\n\r\nx\r\ny", 5));

    [Fact]
    public void Header_line_with_only_spaces_is_not_the_blank_line() =>
        Assert.Equal("A: b\r\n \r\nC: d\r\n\r\n.\r\n", Top("A: b\r\n \r\nC: d\r\n\r\nbody\r\n", 0));

    [Fact]
    public void Every_chunking_gives_the_same_answer()
    {
        for (int chunk = 1; chunk < Message.Length + 2; chunk++)
        {
            Assert.Equal("From: a@example.org\r\nSubject: hi\r\n\r\nline 1\r\n.\r\n", Top(Message, 1, chunk));
        }
    }

    [Fact]
    public async Task Stops_reading_once_the_cut_point_is_reached()
    {
        var body = new byte[8 * 1024 * 1024];
        Array.Fill(body, (byte)'x');
        var head = "Subject: big\r\n\r\nfirst\r\n"u8.ToArray();
        head.CopyTo(body, 0);
        var source = new ChunkedStream(body, new Random(1), maxChunk: 4096);
        var destination = new MemoryStream();
        await Pop3Output.TopAsync(destination, source, 1);
        Assert.Equal("Subject: big\r\n\r\nfirst\r\n.\r\n", Encoding.ASCII.GetString(destination.ToArray()));
        Assert.True(source.BytesRead <= 4096, $"read {source.BytesRead} bytes");
    }

    [Fact]
    public void Limiter_reports_the_prefix_of_each_chunk()
    {
        var limiter = new Pop3TopLimiter(1);
        Assert.Equal(3, limiter.Accept("A\r\n"u8));
        Assert.False(limiter.IsComplete);
        Assert.Equal(2, limiter.Accept("\r\nb1\r\nb2\r\n"u8[..2]));
        Assert.Equal(4, limiter.Accept("b1\r\nb2\r\n"u8));
        Assert.True(limiter.IsComplete);
        Assert.Equal(0, limiter.Accept("more"u8));
    }

    [Fact]
    public void Limiter_rejects_a_negative_count() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pop3TopLimiter(-1));
}
