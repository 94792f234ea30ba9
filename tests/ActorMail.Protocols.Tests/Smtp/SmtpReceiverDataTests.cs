using System.Text;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Smtp;

public class SmtpReceiverDataTests
{
    private static ReceiverHarness InData(long maxSize = 1_000_000, SmtpLimits? limits = null)
    {
        var h = new ReceiverHarness(limits);
        Assert.Single(h.Feed("DATA\r\n"));
        h.Receiver.BeginData(maxSize, h.Sink);
        return h;
    }

    [Fact]
    public void Message_ends_at_crlf_dot_crlf_and_keeps_its_last_crlf()
    {
        var h = InData();
        var frames = h.Feed("Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        var done = Assert.IsType<SmtpFrame.DataComplete>(frames[0]);
        Assert.Equal("Subject: hi\r\n\r\nbody\r\n", h.SinkText);
        Assert.Equal(h.Sink.WrittenCount, done.Size);
        Assert.False(done.TooBig);
        Assert.False(done.HasBareLineEndings);
        Assert.Equal(new SmtpFrame.CommandLine("QUIT"), frames[1]);
    }

    [Fact]
    public void Empty_message()
    {
        var h = InData();
        var done = Assert.IsType<SmtpFrame.DataComplete>(Assert.Single(h.Feed(".\r\n")));
        Assert.Equal(0, done.Size);
    }

    [Theory]
    [InlineData("..x\r\n.\r\n", ".x\r\n")]
    [InlineData("a\r\n..\r\n.\r\n", "a\r\n.\r\n")]
    [InlineData("...\r\n.\r\n", "..\r\n")]
    [InlineData("a.b\r\n x.\r\n.\r\n", "a.b\r\n x.\r\n")]
    [InlineData(".x\r\n.\r\n", "x\r\n")]
    public void Dot_stuffing_is_removed(string wire, string message)
    {
        var h = InData();
        Assert.IsType<SmtpFrame.DataComplete>(Assert.Single(h.Feed(wire)));
        Assert.Equal(message, h.SinkText);
    }

    [Fact]
    public void Terminator_split_across_chunks_byte_by_byte()
    {
        var h = InData();
        var frames = h.FeedByteByByte("line one\r\n..two\r\n.\r\nNOOP\r\n");
        Assert.IsType<SmtpFrame.DataComplete>(frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("NOOP"), frames[1]);
        Assert.Equal("line one\r\n.two\r\n", h.SinkText);
    }

    [Theory]
    [InlineData("a\n.\nb\r\n.\r\n", "a\n.\nb\r\n", 2, 0)]
    [InlineData("a\n.\r\nb\r\n.\r\n", "a\n.\r\nb\r\n", 1, 0)]
    [InlineData("a\r\n.\nb\r\n.\r\n", "a\r\n\nb\r\n", 1, 0)]
    [InlineData("a\r.\rb\r\n.\r\n", "a\r.\rb\r\n", 0, 2)]
    [InlineData("a\r\n.\r.\r\n.\r\n", "a\r\n\r.\r\n", 0, 1)]
    [InlineData("a\r\r\n.\r\n", "a\r\r\n", 0, 1)]
    public void Only_crlf_dot_crlf_ends_data_and_bare_endings_are_counted(string wire, string message, int bareLf, int bareCr)
    {
        var h = InData();
        var frames = h.Feed(wire + "NOOP\r\n");
        var done = Assert.IsType<SmtpFrame.DataComplete>(frames[0]);
        Assert.Equal(message, h.SinkText);
        Assert.Equal(bareLf, done.BareLineFeeds);
        Assert.Equal(bareCr, done.BareCarriageReturns);
        Assert.True(done.HasBareLineEndings);
        Assert.Equal(new SmtpFrame.CommandLine("NOOP"), frames[1]);
        Assert.Equal(2, frames.Count);
    }

    [Fact]
    public void Smuggled_second_message_stays_inside_the_first()
    {
        var h = InData();
        var wire = "Subject: a\r\n\r\nx\n.\nMAIL FROM:<evil@x.test>\nRCPT TO:<v@y.test>\nDATA\n\r\n.\r\n";
        var frames = h.Feed(wire);
        var done = Assert.IsType<SmtpFrame.DataComplete>(Assert.Single(frames));
        Assert.Contains("MAIL FROM:<evil@x.test>", h.SinkText);
        Assert.True(done.BareLineFeeds > 0);
    }

    [Fact]
    public void Over_size_is_read_to_the_final_dot_then_too_big()
    {
        var h = InData(maxSize: 100);
        var body = string.Concat(Enumerable.Repeat("0123456789012345678901234567890123456789\r\n", 1000));
        Assert.Empty(h.Feed(body));
        Assert.True(h.Sink.WrittenCount <= 100);
        var frames = h.Feed(".\r\nRSET\r\n");
        var done = Assert.IsType<SmtpFrame.DataComplete>(frames[0]);
        Assert.True(done.TooBig);
        Assert.Equal(body.Length, done.Size);
        Assert.Equal(new SmtpFrame.CommandLine("RSET"), frames[1]);
    }

    [Fact]
    public void Exactly_max_size_is_not_too_big()
    {
        var h = InData(maxSize: 5);
        var done = Assert.IsType<SmtpFrame.DataComplete>(Assert.Single(h.Feed("abc\r\n.\r\n")));
        Assert.False(done.TooBig);
        Assert.Equal(5, done.Size);
    }

    [Fact]
    public void Long_data_line_is_flagged_and_the_message_still_ends_at_the_dot()
    {
        var h = InData(limits: new SmtpLimits(DataLineLength: 1000));
        var ok = new string('a', 998) + "\r\n";
        var done = Assert.IsType<SmtpFrame.DataComplete>(Assert.Single(h.Feed(ok + ".\r\n")));
        Assert.False(done.LineLimitExceeded);

        h = InData(limits: new SmtpLimits(DataLineLength: 1000));
        done = Assert.IsType<SmtpFrame.DataComplete>(Assert.Single(h.Feed("a" + ok + "short\r\n.\r\n")));
        Assert.True(done.LineLimitExceeded);

        h = InData(limits: new SmtpLimits(DataLineLength: 0));
        done = Assert.IsType<SmtpFrame.DataComplete>(Assert.Single(h.Feed(new string('a', 50_000) + "\r\n.\r\n")));
        Assert.False(done.LineLimitExceeded);
    }

    [Fact]
    public void Large_message_in_big_chunks_is_copied_exactly()
    {
        var h = InData(maxSize: 10_000_000);
        var line = Encoding.ASCII.GetBytes(".leading dot and some text to fill the line up to a fair length\r\n");
        var expected = new List<byte>();
        for (int chunk = 0; chunk < 50; chunk++)
        {
            var buf = new List<byte>();
            for (int i = 0; i < 1000; i++)
            {
                buf.Add((byte)'.');
                buf.AddRange(line);
                expected.AddRange(line);
            }
            Assert.Empty(h.Feed(buf.ToArray()));
        }
        var done = Assert.IsType<SmtpFrame.DataComplete>(Assert.Single(h.Feed(".\r\n")));
        Assert.Equal(expected.Count, done.Size);
        Assert.True(expected.ToArray().AsSpan().SequenceEqual(h.Sink.WrittenSpan));
    }

    [Fact]
    public void Bdat_reads_exact_counts_across_feeds()
    {
        var h = new ReceiverHarness();
        Assert.Single(h.Feed("BDAT 10\r\n01234"));
        h.Receiver.BeginBdat(10, last: false, remainingAllowance: 100, h.Sink);
        Assert.Empty(h.Drain());
        var frames = h.Feed("56789BDAT 3 LAST\r\n");
        Assert.Equal(new SmtpFrame.BdatComplete(10, false, false), frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("BDAT 3 LAST"), frames[1]);
        h.Receiver.BeginBdat(3, last: true, remainingAllowance: 90, h.Sink);
        Assert.Empty(h.Drain());
        frames = h.Feed(".\r\nQUIT\r\n");
        Assert.Equal(new SmtpFrame.BdatComplete(3, true, false), frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("QUIT"), frames[1]);
        Assert.Equal("0123456789.\r\n", h.SinkText); // BDAT content is binary: no unstuffing, no terminator
        Assert.False(h.Receiver.HasBufferedInput);
    }

    [Fact]
    public void Bdat_zero_last_completes_without_input()
    {
        var h = new ReceiverHarness();
        h.Receiver.BeginBdat(0, last: true, remainingAllowance: 0, h.Sink);
        Assert.Equal(new SmtpFrame.BdatComplete(0, true, false), Assert.Single(h.Drain()));
    }

    [Fact]
    public void Bdat_over_allowance_is_read_and_discarded()
    {
        var h = new ReceiverHarness();
        h.Receiver.BeginBdat(20, last: true, remainingAllowance: 19, h.Sink);
        Assert.Empty(h.Feed(new string('x', 15)));
        var frames = h.Feed("xxxxxNOOP\r\n");
        Assert.Equal(new SmtpFrame.BdatComplete(20, true, true), frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("NOOP"), frames[1]);
        Assert.Equal(0, h.Sink.WrittenCount);
    }

    [Fact]
    public void Bdat_byte_by_byte()
    {
        var h = new ReceiverHarness();
        h.Receiver.BeginBdat(4, last: false, remainingAllowance: 100, h.Sink);
        var frames = h.FeedByteByByte("\r\n.\rRSET\r\n");
        Assert.Equal(new SmtpFrame.BdatComplete(4, false, false), frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("RSET"), frames[1]);
        Assert.Equal("\r\n.\r", h.SinkText);
    }
}
