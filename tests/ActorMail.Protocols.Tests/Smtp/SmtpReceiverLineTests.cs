using System.Text;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Smtp;

public class SmtpReceiverLineTests
{
    [Fact]
    public void A_line_needs_its_terminator()
    {
        var h = new ReceiverHarness();
        Assert.Empty(h.Feed("NOOP"));
        Assert.True(h.Receiver.HasBufferedInput);
        var frames = h.Feed("\r\n");
        Assert.Equal(new SmtpFrame.CommandLine("NOOP"), Assert.Single(frames));
        Assert.False(h.Receiver.HasBufferedInput);
    }

    [Fact]
    public void Bare_lf_ends_a_command_line() =>
        Assert.Equal(new SmtpFrame.CommandLine("QUIT"), Assert.Single(new ReceiverHarness().Feed("QUIT\n")));

    [Fact]
    public void Pipelined_commands_in_one_chunk_come_out_in_order()
    {
        var frames = new ReceiverHarness().Feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nRCPT TO:<e@f.test>\r\nDATA\r\n");
        Assert.Equal(
            ["MAIL FROM:<a@b.test>", "RCPT TO:<c@d.test>", "RCPT TO:<e@f.test>", "DATA"],
            frames.Cast<SmtpFrame.CommandLine>().Select(f => f.Line));
    }

    [Fact]
    public void Commands_split_byte_by_byte_are_reassembled()
    {
        var frames = new ReceiverHarness().FeedByteByByte("EHLO client.test\r\nMAIL FROM:<a@b.test>\r\n");
        Assert.Equal(["EHLO client.test", "MAIL FROM:<a@b.test>"], frames.Cast<SmtpFrame.CommandLine>().Select(f => f.Line));
    }

    [Fact]
    public void Empty_line_is_a_frame() =>
        Assert.Equal(new SmtpFrame.CommandLine(""), Assert.Single(new ReceiverHarness().Feed("\r\n")));

    [Fact]
    public void Line_of_exactly_the_limit_passes_and_one_more_is_too_long()
    {
        var limits = new SmtpLimits(CommandLineLength: 512);
        var ok = "NOOP " + new string('x', 512 - 7);
        Assert.Equal(new SmtpFrame.CommandLine(ok), Assert.Single(new ReceiverHarness(limits).Feed(ok + "\r\n")));
        Assert.IsType<SmtpFrame.LineTooLong>(Assert.Single(new ReceiverHarness(limits).Feed(ok + "x\r\n")));
    }

    [Fact]
    public void Default_limits_are_512_for_commands_12288_for_auth_and_1000_for_data()
    {
        Assert.Equal(new SmtpLimits(512, 12288, 1000), SmtpLimits.Default);
        var ok = "NOOP " + new string('x', 505);
        Assert.Equal(new SmtpFrame.CommandLine(ok), Assert.Single(new ReceiverHarness().Feed(ok + "\r\n")));
        Assert.IsType<SmtpFrame.LineTooLong>(Assert.Single(new ReceiverHarness().Feed(ok + "x\r\n")));
        var auth = "AUTH PLAIN " + new string('A', 2000);
        Assert.Equal(new SmtpFrame.CommandLine(auth), Assert.Single(new ReceiverHarness().Feed(auth + "\r\n")));
    }

    [Fact]
    public void Long_line_is_drained_then_reported_once_and_the_session_continues()
    {
        var h = new ReceiverHarness(new SmtpLimits(CommandLineLength: 512));
        Assert.Empty(h.Feed("NOOP " + new string('a', 600)));
        Assert.True(h.Receiver.BufferedCount < 512);
        Assert.Empty(h.Feed(new string('b', 100_000)));
        Assert.Equal(0, h.Receiver.BufferedCount);
        var frames = h.Feed("tail\r\nNOOP\r\n");
        Assert.Equal(2, frames.Count);
        Assert.IsType<SmtpFrame.LineTooLong>(frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("NOOP"), frames[1]);
    }

    [Fact]
    public void Long_line_fed_byte_by_byte_never_buffers_more_than_the_limit()
    {
        var h = new ReceiverHarness(new SmtpLimits(CommandLineLength: 64));
        var frames = new List<SmtpFrame>();
        foreach (var b in Encoding.ASCII.GetBytes(new string('z', 5000) + "\r\nQUIT\r\n"))
        {
            h.Receiver.Feed([b]);
            frames.AddRange(h.Drain());
            Assert.True(h.Receiver.BufferedCount < 64);
        }
        Assert.IsType<SmtpFrame.LineTooLong>(frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("QUIT"), frames[1]);
        Assert.Equal(2, frames.Count);
    }

    [Fact]
    public void Auth_lines_get_the_sasl_limit()
    {
        var limits = new SmtpLimits(CommandLineLength: 512, SaslLineLength: 12288);
        var ir = new string('A', 8000);
        var frame = Assert.Single(new ReceiverHarness(limits).Feed("auth PLAIN " + ir + "\r\n"));
        Assert.Equal("auth PLAIN " + ir, Assert.IsType<SmtpFrame.CommandLine>(frame).Line);
        Assert.IsType<SmtpFrame.LineTooLong>(Assert.Single(new ReceiverHarness(limits).Feed("NOOP " + ir + "\r\n")));
        Assert.IsType<SmtpFrame.LineTooLong>(
            Assert.Single(new ReceiverHarness(limits).Feed("AUTH PLAIN " + new string('A', 12288) + "\r\n")));
    }

    [Fact]
    public void Sasl_response_is_one_line_then_commands_resume()
    {
        var h = new ReceiverHarness();
        Assert.Equal(new SmtpFrame.CommandLine("AUTH LOGIN"), Assert.Single(h.Feed("AUTH LOGIN\r\n")));
        h.Receiver.BeginSaslResponse();
        var frames = h.Feed("dXNlcg==\r\nNOOP\r\n");
        Assert.Equal(new SmtpFrame.SaslResponse("dXNlcg=="), frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("NOOP"), frames[1]);
    }

    [Fact]
    public void Sasl_response_over_its_limit_is_drained()
    {
        var h = new ReceiverHarness(new SmtpLimits(SaslLineLength: 100));
        h.Receiver.BeginSaslResponse();
        Assert.Empty(h.Feed(new string('Q', 5000)));
        var frames = h.Feed("==\r\nQUIT\r\n");
        Assert.IsType<SmtpFrame.SaslLineTooLong>(frames[0]);
        Assert.Equal(new SmtpFrame.CommandLine("QUIT"), frames[1]);
    }

    [Fact]
    public void Sasl_frames_hide_credentials_in_ToString()
    {
        Assert.DoesNotContain("c2VjcmV0", new SmtpFrame.SaslResponse("c2VjcmV0").ToString());
        Assert.DoesNotContain("c2VjcmV0", new SmtpFrame.CommandLine("AUTH PLAIN c2VjcmV0").ToString());
        Assert.Contains("NOOP", new SmtpFrame.CommandLine("NOOP").ToString());
    }

    [Fact]
    public void Buffered_input_after_starttls_is_visible_and_discardable()
    {
        var h = new ReceiverHarness();
        var frames = h.Feed("STARTTLS\r\nMAIL FROM:<evil@x.test>\r\n");
        Assert.Equal(2, frames.Count); // the session reads one frame at a time in practice
        var h2 = new ReceiverHarness();
        h2.Receiver.Feed(Encoding.ASCII.GetBytes("STARTTLS\r\nMAIL FROM:<evil@x.test>\r\n"));
        Assert.True(h2.Receiver.TryRead(out var first));
        Assert.Equal(new SmtpFrame.CommandLine("STARTTLS"), first);
        Assert.True(h2.Receiver.HasBufferedInput);
        h2.Receiver.DiscardBufferedInput();
        Assert.False(h2.Receiver.HasBufferedInput);
        Assert.False(h2.Receiver.TryRead(out _));
    }

    [Fact]
    public void Invalid_utf8_and_nul_reach_the_parser_as_text()
    {
        var h = new ReceiverHarness();
        var frame = Assert.Single(h.Feed(new byte[] { (byte)'N', 0, 0xFF, 0xC3, (byte)'\r', (byte)'\n' }));
        var line = Assert.IsType<SmtpFrame.CommandLine>(frame).Line;
        Assert.Contains('\0', line);
        Assert.Contains('\uFFFD', line);
        Assert.Equal(500, SmtpParser.Parse(line).Error!.Code);
    }

    [Fact]
    public void Switching_mode_mid_frame_is_a_bug()
    {
        var h = new ReceiverHarness();
        h.Receiver.BeginSaslResponse();
        Assert.Throws<InvalidOperationException>(() => h.Receiver.BeginData(10, h.Sink));
    }
}
