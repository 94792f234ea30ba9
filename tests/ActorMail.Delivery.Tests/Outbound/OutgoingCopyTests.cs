using System.Text;
using ActorMail.Delivery.Outbound;

namespace ActorMail.Delivery.Tests.Outbound;

public sealed class OutgoingCopyTests
{
    private static bool Fits(string s) => OutgoingCopy.IsSevenBitShortLines(Encoding.Latin1.GetBytes(s));

    [Theory]
    [InlineData("")]
    [InlineData("Subject: x\r\n\r\nbody\r\n")]
    [InlineData("no final newline")]
    [InlineData("bare\nline feeds\n")]
    public void Seven_bit_text_with_short_lines_fits(string text) => Assert.True(Fits(text));

    [Theory]
    [InlineData("Subject: caf\u00e9\r\n\r\n")]
    [InlineData("a NUL \0 octet\r\n")]
    [InlineData("\u00ff")]
    public void An_8bit_or_NUL_octet_does_not_fit(string text) => Assert.False(Fits(text));

    [Theory]
    [InlineData(998, "\r\n", true)]
    [InlineData(999, "\r\n", false)]
    [InlineData(998, "\n", true)]
    [InlineData(999, "\n", false)]
    [InlineData(998, "", true)]
    [InlineData(999, "", false)]
    public void Lines_may_have_at_most_998_octets(int length, string end, bool fits)
    {
        if (end.Length > 0) Assert.Equal(fits, Fits("Subject: x\r\n\r\n" + new string('a', length) + end + "short\r\n"));
        Assert.Equal(fits, Fits(new string('b', length) + end));
    }

    [Fact]
    public void A_long_line_after_many_short_ones_is_found()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 500; i++) sb.Append("line ").Append(i).Append("\r\n");
        Assert.True(Fits(sb.ToString()));
        sb.Append(new string('x', 1200)).Append("\r\n");
        for (int i = 0; i < 5; i++) sb.Append("tail\r\n");
        Assert.False(Fits(sb.ToString()));
    }

    [Fact]
    public void Load_reads_a_small_message_whole_and_profiles_it()
    {
        var bytes = Encoding.ASCII.GetBytes("Subject: hi\r\n\r\nbody\r\n");
        using var copy = OutgoingCopy.Load(() => new MemoryStream(bytes), bytes.Length, CancellationToken.None);
        Assert.Equal("hi", copy.Message.Subject);
        Assert.Equal(bytes.Length, copy.StoredLength);
        Assert.True(copy.SevenBitShortLines);
        Assert.True(copy.Unchanged);
        copy.MarkChanged();
        Assert.False(copy.Unchanged);
    }

    [Fact]
    public void Load_parses_a_large_message_over_its_stream_and_keeps_it_open_until_disposed()
    {
        var text = "Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat("0123456789 abcdefghij\r\n", OutgoingCopy.InMemoryLimit / 20));
        var stream = new TrackingStream(Encoding.ASCII.GetBytes(text));
        var copy = OutgoingCopy.Load(() => stream, stream.Length, CancellationToken.None);
        Assert.Equal("big", copy.Message.Subject);
        Assert.False(copy.SevenBitShortLines);
        using (var written = new MemoryStream())
        {
            copy.Message.WriteTo(new MimeKit.FormatOptions { NewLineFormat = MimeKit.NewLineFormat.Dos }, written);
            Assert.Equal(text, Encoding.ASCII.GetString(written.ToArray()));
        }
        Assert.False(stream.Disposed);
        copy.Dispose();
        Assert.True(stream.Disposed);
    }

    [Fact]
    public void A_stream_that_fails_to_parse_is_closed()
    {
        var stream = new TrackingStream(new byte[10]);
        Assert.ThrowsAny<Exception>(() => OutgoingCopy.Load(() => stream, 20, CancellationToken.None));
        Assert.True(stream.Disposed);
    }

    private sealed class TrackingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
