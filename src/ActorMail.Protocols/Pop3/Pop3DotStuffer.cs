using System.Buffers;

namespace ActorMail.Protocols.Pop3;

/// <summary>
/// Encodes a message body as the data of a POP3 multi-line response, chunk by chunk, keeping its state across chunk
/// boundaries so a large message never has to be in memory at once.
/// </summary>
/// <remarks>
/// RFC 1939 §3: a line starting with '.' gets one more '.'; the response ends with <c>CRLF.CRLF</c>. A bare LF is sent
/// as CRLF; every other byte passes unchanged. If the body does not end with a line break, CRLF is added before the
/// terminating <c>.</c> line. One instance encodes one body; <see cref="Reset"/> makes it reusable.
/// </remarks>
public sealed class Pop3DotStuffer
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private static readonly byte[] Terminator = ".\r\n"u8.ToArray();
    private static readonly byte[] Dot = "."u8.ToArray();

    private bool _atLineStart = true;
    private byte _previous = (byte)'\n';
    private bool _empty = true;

    /// <summary>Encodes the next chunk of the body into <paramref name="output"/>.</summary>
    /// <remarks>Runs of bytes that need no change (CRLF lines not starting with a dot) are copied in one piece.</remarks>
    public void Write(ReadOnlySpan<byte> chunk, IBufferWriter<byte> output)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        _empty = false;
        if (_atLineStart && chunk[0] == (byte)'.')
        {
            output.Write(Dot);
        }

        _atLineStart = false;
        int copied = 0;
        int next = 0;
        while (true)
        {
            int lf = chunk[next..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                break;
            }

            int at = next + lf;
            byte before = at > 0 ? chunk[at - 1] : _previous;
            if (before != (byte)'\r')
            {
                output.Write(chunk[copied..at]);
                output.Write(Crlf);
                copied = at + 1;
            }

            next = at + 1;
            if (next == chunk.Length)
            {
                _atLineStart = true;
                break;
            }

            if (chunk[next] == (byte)'.')
            {
                output.Write(chunk[copied..next]);
                output.Write(Dot);
                copied = next;
            }
        }

        output.Write(chunk[copied..]);
        _previous = chunk[^1];
    }

    /// <summary>Ends the body: adds CRLF if the last line is unterminated, then writes <c>.CRLF</c>.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        if (!_empty && _previous != (byte)'\n')
        {
            output.Write(Crlf);
        }

        output.Write(Terminator);
        Reset();
    }

    /// <summary>Forgets the current body so the instance can encode another.</summary>
    public void Reset()
    {
        _atLineStart = true;
        _previous = (byte)'\n';
        _empty = true;
    }
}
