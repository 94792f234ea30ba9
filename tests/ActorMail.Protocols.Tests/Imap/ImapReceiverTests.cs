using System.Text;
using ActorMail.Protocols.Imap;
using static ActorMail.Protocols.Tests.Imap.ImapTestSupport;

namespace ActorMail.Protocols.Tests.Imap;

public class ImapReceiverTests
{
    private static string Line(ImapFrame frame, int i) => Encoding.UTF8.GetString(frame.Lines[i]);

    [Fact]
    public void Pipelined_commands_in_one_chunk_give_one_frame_each()
    {
        var frames = Frames("a1 NOOP\r\na2 CAPABILITY\r\n\r\na3 LOGOUT\n");
        Assert.Equal(["a1 NOOP", "a2 CAPABILITY", "a3 LOGOUT"], frames.Select(f => Line(f, 0)));
        Assert.All(frames, f => Assert.Empty(f.Literals));
    }

    [Fact]
    public void Synchronising_literal_split_byte_by_byte_asks_for_continuation_once()
    {
        var receiver = new ImapReceiver();
        var wire = Bytes("a1 LOGIN {3}\r\nbob \"secret\"\r\n");
        var events = new List<ImapReceiverEvent>();
        foreach (byte b in wire)
        {
            receiver.Feed([b]);
            while (receiver.TryRead(out var ev))
            {
                events.Add(ev);
                if (ev is ImapReceiverEvent.NeedContinuation) receiver.AcceptLiteral();
            }
        }
        Assert.Equal(2, events.Count);
        var need = Assert.IsType<ImapReceiverEvent.NeedContinuation>(events[0]);
        Assert.Equal(new ImapReceiverEvent.NeedContinuation("a1", 3, false, false, true), need);
        var frame = Assert.IsType<ImapReceiverEvent.Command>(events[1]).Frame;
        Assert.Equal(["a1 LOGIN {3}", " \"secret\""], frame.Lines.Select(l => Encoding.ASCII.GetString(l)));
        Assert.Equal("bob", Encoding.ASCII.GetString(frame.Literals[0].Data.Span));
        Assert.False(receiver.HasBufferedInput);
    }

    [Fact]
    public void Nothing_is_produced_while_a_literal_decision_is_pending()
    {
        var receiver = new ImapReceiver();
        receiver.Feed(Bytes("a1 LOGIN {3}\r\n"));
        Assert.IsType<ImapReceiverEvent.NeedContinuation>(ReadAll(receiver).Single());
        receiver.Feed(Bytes("bob pw\r\n"));
        Assert.False(receiver.TryRead(out _));
        Assert.True(receiver.IsAwaitingDecision);
        receiver.AcceptLiteral();
        Assert.IsType<ImapReceiverEvent.Command>(ReadAll(receiver).Single());
    }

    [Fact]
    public void Non_synchronising_literal_is_read_without_asking()
    {
        var frames = Frames("a1 LOGIN {3+}\r\nbob {2+}\r\npw\r\n");
        var frame = Assert.Single(frames);
        Assert.Equal(2, frame.Literals.Count);
        Assert.Equal("pw", Encoding.ASCII.GetString(frame.Literals[1].Data.Span));
    }

    [Fact]
    public void Literal_may_contain_crlf_and_braces()
    {
        var frame = Assert.Single(Frames("a1 LOGIN {7+}\r\nx\r\n{1}\r \"p\"\r\n"));
        Assert.Equal("x\r\n{1}\r", Encoding.ASCII.GetString(frame.Literals[0].Data.Span));
        Assert.Equal(" \"p\"", Line(frame, 1));
    }

    [Fact]
    public void Synchronising_literal_over_the_limit_is_reported_and_can_be_refused()
    {
        var receiver = new ImapReceiver(new ImapLimits(MaxLiteralSize: 10));
        receiver.Feed(Bytes("a1 LOGIN {11}\r\n"));
        var need = Assert.IsType<ImapReceiverEvent.NeedContinuation>(ReadAll(receiver).Single());
        Assert.False(need.WithinLimit);
        Assert.Throws<InvalidOperationException>(() => receiver.AcceptLiteral());
        receiver.RejectLiteral();
        receiver.Feed(Bytes("a2 NOOP\r\n"));
        var cmd = Assert.IsType<ImapReceiverEvent.Command>(ReadAll(receiver).Single());
        Assert.Equal("a2", cmd.Frame.Tag);
    }

    [Fact]
    public void Non_synchronising_literal_over_the_limit_is_fatal()
    {
        var receiver = new ImapReceiver(new ImapLimits(MaxLiteralSize: 10));
        receiver.Feed(Bytes("a1 LOGIN {4294967296+}\r\nbob pw\r\na2 NOOP\r\n"));
        var rejected = Assert.IsType<ImapReceiverEvent.Rejected>(ReadAll(receiver).Single());
        Assert.Equal(new ImapReceiverEvent.Rejected("a1", ImapInputError.LiteralTooLarge, true), rejected);
        Assert.Equal("Literal too large", rejected.Text);
        Assert.True(receiver.IsClosed);
        receiver.Feed(Bytes("a3 NOOP\r\n"));
        Assert.False(receiver.TryRead(out _));
    }

    [Fact]
    public void Append_literal_is_streamed_to_the_sink_in_chunks_without_buffering()
    {
        var receiver = new ImapReceiver();
        receiver.Feed(Bytes("a1 APPEND INBOX (\\Seen) {100000}\r\n"));
        var need = Assert.IsType<ImapReceiverEvent.NeedContinuation>(ReadAll(receiver).Single());
        Assert.True(need.IsAppend);
        Assert.True(need.WithinLimit);
        var sink = new RecordingSink();
        receiver.AcceptLiteral(sink);
        var chunk = new byte[1000];
        Array.Fill(chunk, (byte)'x');
        for (int i = 0; i < 100; i++)
        {
            receiver.Feed(chunk);
            Assert.False(receiver.TryRead(out _));
            Assert.Equal(0, receiver.BufferedBytes);
        }
        Assert.True(sink.Completed);
        Assert.Equal(100, sink.Writes);
        Assert.Equal(1000, sink.LargestWrite);
        receiver.Feed(Bytes("\r\n"));
        var frame = Assert.IsType<ImapReceiverEvent.Command>(ReadAll(receiver).Single()).Frame;
        Assert.Same(sink, frame.Literals[0].Sink);
        Assert.Equal(100000, frame.Literals[0].Size);
        Assert.Equal(100000, sink.Data.Length);
    }

    [Fact]
    public void Append_mailbox_literal_is_not_treated_as_the_message()
    {
        var receiver = new ImapReceiver();
        receiver.Feed(Bytes("a1 APPEND {5}\r\n"));
        var need = Assert.IsType<ImapReceiverEvent.NeedContinuation>(ReadAll(receiver).Single());
        Assert.False(need.IsAppend);
        receiver.AcceptLiteral();
        receiver.Feed(Bytes("INBOX ~{3+}\r\n"));
        var sinkNeed = Assert.IsType<ImapReceiverEvent.NeedSink>(ReadAll(receiver).Single());
        Assert.Equal(new ImapReceiverEvent.NeedSink("a1", 3, true), sinkNeed);
        var sink = new RecordingSink();
        receiver.AcceptLiteral(sink);
        receiver.Feed([0, 1, 2, (byte)'\r', (byte)'\n']);
        var frame = Assert.IsType<ImapReceiverEvent.Command>(ReadAll(receiver).Single()).Frame;
        Assert.True(frame.Literals[1].IsBinary);
        Assert.Equal(new byte[] { 0, 1, 2 }, sink.Data.ToArray());
    }

    [Fact]
    public void Append_over_the_append_limit_is_flagged_and_refused_without_reading_it()
    {
        var receiver = new ImapReceiver { AppendLimit = 1000 };
        receiver.Feed(Bytes("a1 APPEND INBOX {1001}\r\n"));
        var need = Assert.IsType<ImapReceiverEvent.NeedContinuation>(ReadAll(receiver).Single());
        Assert.True(need.IsAppend);
        Assert.False(need.WithinLimit);
        receiver.RejectLiteral();
        Assert.False(receiver.HasBufferedInput);
    }

    [Fact]
    public void Non_synchronising_append_over_the_limit_is_fatal()
    {
        var receiver = new ImapReceiver { AppendLimit = 10 };
        receiver.Feed(Bytes("a1 APPEND INBOX {11+}\r\n"));
        var rejected = Assert.IsType<ImapReceiverEvent.Rejected>(ReadAll(receiver).Single());
        Assert.True(rejected.IsFatal);
        Assert.Equal(ImapInputError.LiteralTooLarge, rejected.Error);
    }

    [Fact]
    public void Refused_non_synchronising_append_is_drained_and_its_sinks_aborted()
    {
        var receiver = new ImapReceiver();
        receiver.Feed(Bytes("a1 APPEND INBOX {3+}\r\nabc {4+}\r\n"));
        var first = new RecordingSink();
        Assert.IsType<ImapReceiverEvent.NeedSink>(ReadAll(receiver).Single());
        receiver.AcceptLiteral(first);
        Assert.IsType<ImapReceiverEvent.NeedSink>(ReadAll(receiver).Single());
        receiver.RejectLiteral();
        receiver.Feed(Bytes("wxyz\r\na2 NOOP\r\n"));
        var cmd = Assert.IsType<ImapReceiverEvent.Command>(ReadAll(receiver).Single());
        Assert.Equal("a2", cmd.Frame.Tag);
        Assert.True(first.Completed);
        Assert.True(first.Aborted);
    }

    [Fact]
    public void Connection_lost_mid_append_aborts_the_sink()
    {
        var receiver = new ImapReceiver();
        receiver.Feed(Bytes("a1 APPEND INBOX {10}\r\n"));
        ReadAll(receiver);
        var sink = new RecordingSink();
        receiver.AcceptLiteral(sink);
        receiver.Feed(Bytes("half"));
        Assert.False(receiver.TryRead(out _));
        receiver.Abort();
        Assert.True(sink.Aborted);
        Assert.False(sink.Completed);
    }

    [Fact]
    public void Over_long_line_is_drained_and_reported_once_with_its_tag()
    {
        var receiver = new ImapReceiver(new ImapLimits(MaxLineLength: 100));
        receiver.Feed(Bytes("a1 LOGIN "));
        for (int i = 0; i < 50; i++) receiver.Feed(Bytes(new string('x', 100)));
        receiver.Feed(Bytes("\r\na2 NOOP\r\n"));
        var events = ReadAll(receiver);
        Assert.Equal(2, events.Count);
        Assert.Equal(new ImapReceiverEvent.Rejected("a1", ImapInputError.LineTooLong, false), events[0]);
        Assert.Equal("Line too long", ((ImapReceiverEvent.Rejected)events[0]).Text);
        Assert.Equal("a2", Assert.IsType<ImapReceiverEvent.Command>(events[1]).Frame.Tag);
    }

    [Fact]
    public void Over_long_line_drained_across_reads_is_reported_once()
    {
        var receiver = new ImapReceiver(new ImapLimits(MaxLineLength: 100));
        var events = new List<ImapReceiverEvent>();
        for (int i = 0; i < 30; i++)
        {
            receiver.Feed(Bytes(new string('y', 64)));
            events.AddRange(ReadAll(receiver));
        }
        receiver.Feed(Bytes("\r\n"));
        events.AddRange(ReadAll(receiver));
        var rejected = Assert.IsType<ImapReceiverEvent.Rejected>(Assert.Single(events));
        Assert.Null(rejected.Tag);
    }

    [Fact]
    public void Over_long_line_announcing_a_non_synchronising_literal_is_fatal()
    {
        var receiver = new ImapReceiver(new ImapLimits(MaxLineLength: 20));
        receiver.Feed(Bytes("a1 LOGIN " + new string('x', 40) + " {5+}\r\n"));
        var rejected = Assert.IsType<ImapReceiverEvent.Rejected>(ReadAll(receiver).Single());
        Assert.True(rejected.IsFatal);
        Assert.Equal(ImapInputError.LineTooLong, rejected.Error);
    }

    [Fact]
    public void Command_over_the_total_limit_is_refused()
    {
        var receiver = new ImapReceiver(new ImapLimits(MaxLineLength: 100, MaxLiteralSize: 100, MaxCommandSize: 150));
        receiver.Feed(Bytes("a1 LOGIN {90+}\r\n" + new string('u', 90) + " {90}\r\n"));
        var need = Assert.IsType<ImapReceiverEvent.NeedContinuation>(ReadAll(receiver).Single());
        Assert.False(need.WithinLimit);
    }

    [Fact]
    public void Idle_mode_reports_done_and_other_lines()
    {
        var receiver = new ImapReceiver();
        receiver.BeginIdle();
        receiver.Feed(Bytes("done\r\n"));
        Assert.Equal(new ImapReceiverEvent.IdleLine(true), ReadAll(receiver).Single());
        receiver.BeginIdle();
        receiver.Feed(Bytes("a5 NOOP\r\na6 NOOP\r\n"));
        var events = ReadAll(receiver);
        Assert.Equal(new ImapReceiverEvent.IdleLine(false), events[0]);
        Assert.IsType<ImapReceiverEvent.Command>(events[1]);
    }

    [Fact]
    public void Authenticate_response_lines_are_raw()
    {
        var receiver = new ImapReceiver();
        receiver.BeginAuthenticateResponse();
        receiver.Feed(Bytes("AGJvYgBwdw==\r\n"));
        var line = Assert.IsType<ImapReceiverEvent.AuthenticateLine>(ReadAll(receiver).Single());
        Assert.Equal("AGJvYgBwdw==", Encoding.ASCII.GetString(line.Line));
        Assert.False(line.IsCancel);
        receiver.BeginAuthenticateResponse();
        receiver.Feed(Bytes("*\r\n"));
        Assert.True(Assert.IsType<ImapReceiverEvent.AuthenticateLine>(ReadAll(receiver).Single()).IsCancel);
    }

    [Fact]
    public void Buffered_input_is_visible_for_the_starttls_guard()
    {
        var receiver = new ImapReceiver();
        receiver.Feed(Bytes("a1 STARTTLS\r\n"));
        Assert.IsType<ImapReceiverEvent.Command>(ReadAll(receiver).Single());
        Assert.False(receiver.HasBufferedInput);
        receiver.Feed(Bytes("a1 STARTTLS\r\na2 LOGIN x y\r\n"));
        Assert.True(receiver.TryRead(out _));
        Assert.True(receiver.HasBufferedInput);
        receiver.Feed(Bytes("partial"));
        ReadAll(receiver);
        Assert.True(receiver.HasBufferedInput);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var rng = new Random(4711);
        var pieces = new[] { "{", "}", "+}", "~{", "\r\n", "\n", " ", "a1 ", "APPEND ", "(", ")", "\"", "9", "0", "{3}\r\n", "{2+}\r\n", "DONE" };
        for (int round = 0; round < 300; round++)
        {
            var receiver = new ImapReceiver(new ImapLimits(MaxLineLength: 64, MaxLiteralSize: 32, AppendLimit: 40, MaxCommandSize: 200));
            if (round % 7 == 0) receiver.BeginIdle();
            for (int step = 0; step < 40 && !receiver.IsClosed; step++)
            {
                byte[] chunk;
                if (rng.Next(2) == 0)
                {
                    chunk = new byte[rng.Next(1, 50)];
                    rng.NextBytes(chunk);
                }
                else
                {
                    chunk = Bytes(string.Concat(Enumerable.Range(0, rng.Next(1, 8)).Select(_ => pieces[rng.Next(pieces.Length)])));
                }
                receiver.Feed(chunk);
                while (receiver.TryRead(out var ev))
                {
                    switch (ev)
                    {
                        case ImapReceiverEvent.NeedContinuation n when !n.WithinLimit || rng.Next(4) == 0:
                            receiver.RejectLiteral();
                            break;
                        case ImapReceiverEvent.NeedContinuation n:
                            receiver.AcceptLiteral(n.IsAppend ? new RecordingSink() : null);
                            break;
                        case ImapReceiverEvent.NeedSink:
                            receiver.AcceptLiteral(new RecordingSink());
                            break;
                        case ImapReceiverEvent.Command c:
                            Assert.Equal(c.Frame.Literals.Count + 1, c.Frame.Lines.Count);
                            Assert.All(c.Frame.Lines, l => Assert.True(l.Length <= 64));
                            _ = ImapParser.Parse(c.Frame);
                            break;
                    }
                }
            }
        }
    }
}
