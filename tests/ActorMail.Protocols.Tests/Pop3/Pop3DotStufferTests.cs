using System.Buffers;
using System.Text;
using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3DotStufferTests
{
    private static string Encode(string body)
    {
        var output = new ArrayBufferWriter<byte>();
        Pop3Output.WriteMultiline(output, new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(body)));
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    [Theory]
    [InlineData("", ".\r\n")]
    [InlineData("a\r\n", "a\r\n.\r\n")]
    [InlineData(".\r\n", "..\r\n.\r\n")]
    [InlineData("..x\r\n.\r\n", "...x\r\n..\r\n.\r\n")]
    [InlineData("a.b\r\n.c\r\n", "a.b\r\n..c\r\n.\r\n")]
    [InlineData("a\nb\n", "a\r\nb\r\n.\r\n")]
    [InlineData(".a\n.b", "..a\r\n..b\r\n.\r\n")]
    [InlineData("no newline", "no newline\r\n.\r\n")]
    [InlineData("x\r", "x\r\r\n.\r\n")]
    [InlineData("a\rb\r\n", "a\rb\r\n.\r\n")]
    [InlineData("\n\n", "\r\n\r\n.\r\n")]
    [InlineData("\r\n.\r\n", "\r\n..\r\n.\r\n")]
    public void Stuffs_dots_normalises_bare_lf_and_terminates(string body, string expected) =>
        Assert.Equal(expected, Encode(body));

    [Fact]
    public void Crlf_bodies_pass_byte_exact_apart_from_stuffing()
    {
        var body = new byte[256 * 3];
        for (int i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(i % 256 is 10 or 13 or 46 ? 'x' : i % 256);
        }

        var withLines = body.Concat("\r\n"u8.ToArray()).ToArray();
        var output = new ArrayBufferWriter<byte>();
        Pop3Output.WriteMultiline(output, new ReadOnlySequence<byte>(withLines));
        Assert.Equal(withLines.Concat(".\r\n"u8.ToArray()), output.WrittenSpan.ToArray());
    }

    [Fact]
    public async Task Random_bodies_through_random_chunks_match_the_reference_and_unstuff_back()
    {
        var random = new Random(1939);
        byte[] alphabet = [(byte)'.', (byte)'\r', (byte)'\n', (byte)'a', 0x00, 0xFF];
        for (int round = 0; round < 400; round++)
        {
            var body = new byte[random.Next(0, 300)];
            for (int i = 0; i < body.Length; i++)
            {
                body[i] = alphabet[random.Next(alphabet.Length)];
            }

            var destination = new MemoryStream();
            var source = new ChunkedStream(body, random, maxChunk: random.Next(1, 8));
            if (round % 2 == 0)
            {
                Pop3Output.WriteMultiline(destination, source);
            }
            else
            {
                await Pop3Output.WriteMultilineAsync(destination, source);
            }

            var wire = destination.ToArray();
            Assert.Equal(ReferenceStuff(body), wire);
            Assert.Equal(Normalise(body), Unstuff(wire));
        }
    }

    [Fact]
    public void Stuffer_keeps_state_across_every_possible_split()
    {
        var body = "x\r\n.y\r\n..\n.\r\n\r\n.z"u8.ToArray();
        var expected = ReferenceStuff(body);
        for (int split = 0; split <= body.Length; split++)
        {
            var stuffer = new Pop3DotStuffer();
            var output = new ArrayBufferWriter<byte>();
            stuffer.Write(body.AsSpan(0, split), output);
            stuffer.Write(body.AsSpan(split), output);
            stuffer.Complete(output);
            Assert.Equal(expected, output.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void Complete_resets_the_stuffer_for_the_next_body()
    {
        var stuffer = new Pop3DotStuffer();
        var output = new ArrayBufferWriter<byte>();
        stuffer.Write("abc"u8, output);
        stuffer.Complete(output);
        stuffer.Write(".x\r\n"u8, output);
        stuffer.Complete(output);
        Assert.Equal("abc\r\n.\r\n..x\r\n.\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Large_body_streams_in_chunks()
    {
        var random = new Random(7);
        var line = Encoding.ASCII.GetBytes(".line of text\r\n");
        var body = new byte[line.Length * 200_000];
        for (int i = 0; i < 200_000; i++)
        {
            line.CopyTo(body, i * line.Length);
        }

        var destination = new MemoryStream();
        Pop3Output.WriteMultiline(destination, new ChunkedStream(body, random, maxChunk: 100_000));
        Assert.Equal(body.Length + 200_000 + 3, destination.Length);
        Assert.Equal(ReferenceStuff(body), destination.ToArray());
    }

    /// <summary>Straightforward whole-array encoding: the specification the streaming code must match.</summary>
    internal static byte[] ReferenceStuff(byte[] body)
    {
        var o = new List<byte>();
        bool lineStart = true;
        for (int i = 0; i < body.Length; i++)
        {
            byte b = body[i];
            if (lineStart && b == '.')
            {
                o.Add((byte)'.');
            }

            lineStart = false;
            if (b == '\n')
            {
                if (i == 0 || body[i - 1] != '\r')
                {
                    o.Add((byte)'\r');
                }

                lineStart = true;
            }

            o.Add(b);
        }

        if (body.Length > 0 && body[^1] != '\n')
        {
            o.AddRange("\r\n"u8.ToArray());
        }

        o.AddRange(".\r\n"u8.ToArray());
        return o.ToArray();
    }

    /// <summary>What a client does: lines up to the lone ".", one leading dot removed from the others.</summary>
    internal static byte[] Unstuff(byte[] wire)
    {
        var o = new List<byte>();
        int start = 0;
        while (true)
        {
            int end = IndexOfCrlf(wire, start);
            Assert.True(end >= 0, "multi-line data not terminated");
            var line = wire.AsSpan(start, end - start);
            if (line.SequenceEqual("."u8))
            {
                Assert.Equal(wire.Length, end + 2);
                return o.ToArray();
            }

            o.AddRange((line.Length > 0 && line[0] == '.' ? line[1..] : line).ToArray());
            o.AddRange("\r\n"u8.ToArray());
            start = end + 2;
        }
    }

    /// <summary>The body as the client should see it: bare LF as CRLF and a final line break.</summary>
    internal static byte[] Normalise(byte[] body)
    {
        var o = new List<byte>();
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r'))
            {
                o.Add((byte)'\r');
            }

            o.Add(body[i]);
        }

        if (body.Length > 0 && body[^1] != '\n')
        {
            o.AddRange("\r\n"u8.ToArray());
        }

        return o.ToArray();
    }

    private static int IndexOfCrlf(byte[] data, int from)
    {
        for (int i = from; i + 1 < data.Length; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
