using System.Text;
using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3LineReceiverTests
{
    private static List<Pop3Frame> ReadAll(Pop3LineReceiver receiver)
    {
        var frames = new List<Pop3Frame>();
        while (receiver.TryRead(out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    private static List<Pop3Frame> FeedAndRead(Pop3LineReceiver receiver, string text)
    {
        receiver.Feed(Encoding.UTF8.GetBytes(text));
        return ReadAll(receiver);
    }

    [Fact]
    public void Reads_one_line_without_its_crlf()
    {
        var frames = FeedAndRead(new Pop3LineReceiver(), "STAT\r\n");
        Assert.Equal([new Pop3Frame(Pop3FrameKind.Command, "STAT")], frames);
    }

    [Fact]
    public void Tolerates_bare_lf_and_empty_lines()
    {
        var frames = FeedAndRead(new Pop3LineReceiver(), "NOOP\n\r\n\nLIST 1\n");
        Assert.Equal(["NOOP", "", "", "LIST 1"], frames.Select(f => f.Text));
        Assert.All(frames, f => Assert.Equal(Pop3FrameKind.Command, f.Kind));
    }

    [Fact]
    public void Splits_pipelined_commands_and_keeps_a_partial_line()
    {
        var receiver = new Pop3LineReceiver();
        var frames = FeedAndRead(receiver, "STAT\r\nLIST\r\nRETR 1\r\nDELE");
        Assert.Equal(["STAT", "LIST", "RETR 1"], frames.Select(f => f.Text));
        Assert.True(receiver.HasBufferedInput);
        Assert.Equal(4, receiver.BufferedByteCount);

        frames = FeedAndRead(receiver, " 1\r\n");
        Assert.Equal(["DELE 1"], frames.Select(f => f.Text));
        Assert.False(receiver.HasBufferedInput);
    }

    [Fact]
    public void Reassembles_lines_fed_byte_by_byte()
    {
        var receiver = new Pop3LineReceiver();
        var frames = new List<Pop3Frame>();
        foreach (byte b in "USER alice\r\nPASS s3cret word\r\nQUIT\n"u8.ToArray())
        {
            receiver.Feed([b]);
            frames.AddRange(ReadAll(receiver));
        }

        Assert.Equal(["USER alice", "PASS s3cret word", "QUIT"], frames.Select(f => f.Text));
    }

    [Fact]
    public void Removes_only_one_trailing_cr()
    {
        var frames = FeedAndRead(new Pop3LineReceiver(), "NOOP\r\r\n");
        Assert.Equal("NOOP\r", frames.Single().Text);
    }

    [Fact]
    public void Decodes_utf8()
    {
        var frames = FeedAndRead(new Pop3LineReceiver(), "PASS pässwörd\r\n");
        Assert.Equal("PASS pässwörd", frames.Single().Text);
    }

    [Theory]
    [InlineData("12345678\r\n", true)]
    [InlineData("123456789\n", true)]
    [InlineData("123456789\r\n", false)]
    [InlineData("1234567890\n", false)]
    public void Limit_counts_octets_including_the_terminator(string line, bool accepted)
    {
        var receiver = new Pop3LineReceiver(new Pop3Limits(MaxLineLength: 10));
        var frames = FeedAndRead(receiver, line + "NOOP\r\n");
        Assert.Equal(2, frames.Count);
        Assert.Equal(accepted ? Pop3FrameKind.Command : Pop3FrameKind.LineTooLong, frames[0].Kind);
        Assert.Equal(new Pop3Frame(Pop3FrameKind.Command, "NOOP"), frames[1]);
    }

    [Fact]
    public void Drains_a_long_line_across_chunks_without_buffering_it_and_reports_it_once()
    {
        var receiver = new Pop3LineReceiver(new Pop3Limits(MaxLineLength: 64));
        var frames = new List<Pop3Frame>();
        frames.AddRange(FeedAndRead(receiver, "NOOP\r\nRETR "));
        for (int i = 0; i < 100; i++)
        {
            frames.AddRange(FeedAndRead(receiver, new string('9', 1000)));
            Assert.True(receiver.BufferedByteCount <= 64);
            Assert.True(receiver.HasBufferedInput);
        }

        frames.AddRange(FeedAndRead(receiver, "9\r\nSTAT\r\n"));
        Assert.Equal(
            [
                new Pop3Frame(Pop3FrameKind.Command, "NOOP"),
                new Pop3Frame(Pop3FrameKind.LineTooLong, ""),
                new Pop3Frame(Pop3FrameKind.Command, "STAT"),
            ],
            frames);
        Assert.False(receiver.HasBufferedInput);
    }

    [Fact]
    public void Default_limit_is_512_octets()
    {
        Assert.Equal(512, Pop3Limits.Default.MaxLineLength);
        Assert.Equal(8192, Pop3Limits.Default.MaxAuthLineLength);
        var receiver = new Pop3LineReceiver();
        var frames = FeedAndRead(receiver, "USER " + new string('a', 505) + "\r\nUSER " + new string('a', 506) + "\r\n");
        Assert.Equal([Pop3FrameKind.Command, Pop3FrameKind.LineTooLong], frames.Select(f => f.Kind));
    }

    [Fact]
    public void Reports_bytes_pipelined_behind_stls()
    {
        var receiver = new Pop3LineReceiver();
        receiver.Feed("STLS\r\nNOOP\r\n"u8);
        Assert.True(receiver.TryRead(out var stls));
        Assert.Equal("STLS", stls.Text);
        Assert.True(receiver.HasBufferedInput);

        receiver.Clear();
        Assert.False(receiver.HasBufferedInput);
        Assert.False(receiver.TryRead(out _));

        var clean = new Pop3LineReceiver();
        clean.Feed("STLS\r\n"u8);
        Assert.True(clean.TryRead(out _));
        Assert.False(clean.HasBufferedInput);
    }

    [Fact]
    public void Reads_one_sasl_response_then_returns_to_commands()
    {
        var receiver = new Pop3LineReceiver();
        receiver.Feed("AUTH PLAIN\r\n"u8);
        Assert.True(receiver.TryRead(out var auth));
        Assert.Equal("AUTH PLAIN", auth.Text);

        receiver.ExpectAuthResponse();
        Assert.True(receiver.IsExpectingAuthResponse);
        var frames = FeedAndRead(receiver, "AGFsaWNlAHNlY3JldA==\r\nSTAT\r\n");
        Assert.Equal(
            [
                new Pop3Frame(Pop3FrameKind.AuthResponse, "AGFsaWNlAHNlY3JldA=="),
                new Pop3Frame(Pop3FrameKind.Command, "STAT"),
            ],
            frames);
        Assert.False(receiver.IsExpectingAuthResponse);
    }

    [Fact]
    public void Star_cancels_a_sasl_exchange()
    {
        var receiver = new Pop3LineReceiver();
        receiver.ExpectAuthResponse();
        var frames = FeedAndRead(receiver, "*\r\n*\r\n");
        Assert.Equal(
            [new Pop3Frame(Pop3FrameKind.AuthCancelled, ""), new Pop3Frame(Pop3FrameKind.Command, "*")],
            frames);
    }

    [Fact]
    public void Sasl_response_uses_its_own_limit()
    {
        var receiver = new Pop3LineReceiver();
        string response = new('A', 4000);
        Assert.Equal(Pop3FrameKind.LineTooLong, FeedAndRead(receiver, response + "\r\n").Single().Kind);

        receiver.ExpectAuthResponse();
        Assert.Equal(new Pop3Frame(Pop3FrameKind.AuthResponse, response), FeedAndRead(receiver, response + "\r\n").Single());

        receiver.ExpectAuthResponse();
        var frames = FeedAndRead(receiver, new string('A', 9000) + "\r\nNOOP\r\n");
        Assert.Equal([Pop3FrameKind.LineTooLong, Pop3FrameKind.Command], frames.Select(f => f.Kind));
        Assert.False(receiver.IsExpectingAuthResponse);
    }

    [Fact]
    public void Frame_text_is_not_shown_by_ToString()
    {
        var frame = new Pop3Frame(Pop3FrameKind.Command, "PASS secret");
        Assert.DoesNotContain("secret", frame.ToString());
    }

    [Fact]
    public void Random_lines_survive_random_chunking()
    {
        var random = new Random(1939);
        for (int round = 0; round < 200; round++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 20))
                .Select(_ => new string((char)random.Next('A', 'Z' + 1), random.Next(0, 100)))
                .ToList();
            var wire = new StringBuilder();
            foreach (var line in lines)
            {
                wire.Append(line).Append(random.Next(2) == 0 ? "\r\n" : "\n");
            }

            var bytes = Encoding.ASCII.GetBytes(wire.ToString());
            var receiver = new Pop3LineReceiver();
            var got = new List<string>();
            for (int i = 0; i < bytes.Length;)
            {
                int n = Math.Min(random.Next(1, 40), bytes.Length - i);
                receiver.Feed(bytes.AsSpan(i, n));
                got.AddRange(ReadAll(receiver).Select(f => f.Text));
                i += n;
            }

            Assert.Equal(lines, got);
            Assert.False(receiver.HasBufferedInput);
        }
    }

    [Fact]
    public void Fuzz_any_bytes_never_throw_and_buffer_stays_bounded()
    {
        var random = new Random(2449);
        byte[] alphabet = [(byte)'\r', (byte)'\n', (byte)'*', (byte)'A', 0x00, 0xC3, 0xFF, 0x80, (byte)' '];
        for (int round = 0; round < 300; round++)
        {
            var limits = new Pop3Limits(random.Next(1, 300), random.Next(1, 600));
            var receiver = new Pop3LineReceiver(limits);
            for (int chunk = 0; chunk < 30; chunk++)
            {
                var data = new byte[random.Next(0, 700)];
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = random.Next(3) == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)random.Next(256);
                }

                receiver.Feed(data);
                while (receiver.TryRead(out var frame))
                {
                    Assert.NotNull(frame.Text);
                    if (random.Next(4) == 0)
                    {
                        receiver.ExpectAuthResponse();
                    }
                }

                Assert.True(receiver.BufferedByteCount <= Math.Max(limits.MaxLineLength, limits.MaxAuthLineLength));
            }
        }
    }
}
