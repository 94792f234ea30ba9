using System.Text;

namespace ActorMail.Protocols.Pop3;

/// <summary>
/// Turns the bytes of a POP3 connection into lines: command lines, or one SASL response line after
/// <see cref="ExpectAuthResponse"/>. Pure and single-threaded; never throws on any input.
/// </summary>
/// <remarks>
/// Lines end in CRLF; a bare LF is accepted too. Several commands in one chunk (RFC 2449 §6.6 PIPELINING) and lines
/// split across chunks are both handled: <see cref="Feed"/> appends, <see cref="TryRead"/> returns one frame at a time,
/// so the caller can switch to SASL mode between two lines. A line longer than its limit is discarded up to its LF
/// without being buffered and reported once as <see cref="Pop3FrameKind.LineTooLong"/>. After <see cref="TryRead"/>
/// returns false, at most one limit's worth of bytes stays buffered; a caller that stops reading frames should pause
/// the socket.
/// </remarks>
public sealed class Pop3LineReceiver
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';

    private readonly Pop3Limits _limits;
    private byte[] _buffer = new byte[1024];
    private int _start;
    private int _end;
    private bool _draining;
    private bool _tooLongReady;
    private bool _authMode;

    /// <summary>Creates a receiver with the given limits, or <see cref="Pop3Limits.Default"/>.</summary>
    public Pop3LineReceiver(Pop3Limits? limits = null)
    {
        _limits = limits ?? Pop3Limits.Default;
    }

    /// <summary>
    /// True while any input is held that has not been returned as a frame (including a line being discarded).
    /// Checked after STLS: plaintext pipelined behind it must never be executed (RFC 2595 §8).
    /// </summary>
    public bool HasBufferedInput => _end > _start || _draining || _tooLongReady;

    /// <summary>Number of bytes buffered and not yet returned as frames.</summary>
    public int BufferedByteCount => _end - _start;

    /// <summary>True when the next line will be read as a SASL response.</summary>
    public bool IsExpectingAuthResponse => _authMode;

    /// <summary>Appends received bytes.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_draining)
        {
            int lf = data.IndexOf(Lf);
            if (lf < 0)
            {
                return;
            }

            _draining = false;
            _tooLongReady = true;
            data = data[(lf + 1)..];
        }

        Append(data);
    }

    /// <summary>
    /// Reads the next line as a SASL response (RFC 5034 §4), with the larger <see cref="Pop3Limits.MaxAuthLineLength"/>.
    /// Call after sending the <c>+ </c> continuation; the mode lasts for one frame.
    /// </summary>
    public void ExpectAuthResponse() => _authMode = true;

    /// <summary>Returns the next complete frame, or false when more input is needed.</summary>
    public bool TryRead(out Pop3Frame frame)
    {
        if (_tooLongReady)
        {
            _tooLongReady = false;
            frame = Finish(Pop3FrameKind.LineTooLong, string.Empty);
            return true;
        }

        frame = default;
        if (_draining)
        {
            return false;
        }

        var pending = _buffer.AsSpan(_start, _end - _start);
        int limit = _authMode ? _limits.MaxAuthLineLength : _limits.MaxLineLength;
        int lf = pending.IndexOf(Lf);
        if (lf < 0)
        {
            if (pending.Length >= limit)
            {
                // Even with its LF still to come, this line is over the limit: drop it and discard up to its end.
                _draining = true;
                _start = _end = 0;
            }

            return false;
        }

        _start += lf + 1;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (lf + 1 > limit)
        {
            frame = Finish(Pop3FrameKind.LineTooLong, string.Empty);
            return true;
        }

        var content = pending[..lf];
        if (!content.IsEmpty && content[^1] == Cr)
        {
            content = content[..^1];
        }

        string text = Encoding.UTF8.GetString(content);
        if (!_authMode)
        {
            frame = new Pop3Frame(Pop3FrameKind.Command, text);
        }
        else
        {
            frame = text == "*"
                ? Finish(Pop3FrameKind.AuthCancelled, string.Empty)
                : Finish(Pop3FrameKind.AuthResponse, text);
        }

        return true;
    }

    /// <summary>Drops all buffered input and leaves SASL mode (after STLS, or when a session resets its input).</summary>
    public void Clear()
    {
        _start = _end = 0;
        _draining = false;
        _tooLongReady = false;
        _authMode = false;
    }

    private Pop3Frame Finish(Pop3FrameKind kind, string text)
    {
        _authMode = false;
        return new Pop3Frame(kind, text);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        int used = _end - _start;
        if (_buffer.Length - _end < data.Length)
        {
            if (_buffer.Length - used >= data.Length && _start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, used);
            }
            else
            {
                long wanted = Math.Max((long)_buffer.Length * 2, (long)used + data.Length);
                var grown = new byte[(int)Math.Min(wanted, Array.MaxLength)];
                Buffer.BlockCopy(_buffer, _start, grown, 0, used);
                _buffer = grown;
            }

            _start = 0;
            _end = used;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }
}
