using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ActorMail.Protocols.Smtp;

/// <summary>
/// Cuts an SMTP byte stream into frames: command lines, SASL response lines, a DATA message and BDAT chunks.
/// The session feeds every chunk it reads and then calls <see cref="TryRead"/> until it returns false; it
/// switches the framing mode (DATA, BDAT, SASL) after the command that asks for it. Bytes after a frame stay
/// buffered for the next one (pipelining). Never throws on any input; holds at most one line limit plus
/// the bytes of the chunks not yet read.
/// </summary>
public sealed class SmtpReceiver
{
    private const int ShrinkThreshold = 256 * 1024;
    private static readonly byte[] CrByte = "\r"u8.ToArray();

    private enum Mode { Command, Sasl, Data, Bdat }

    private enum DataState { LineStart, Dot, DotCr, Mid, Cr }

    private readonly SmtpLimits _limits;
    private byte[] _buf;
    private int _start;
    private int _end;
    private Mode _mode = Mode.Command;

    // a command or SASL line over its limit is being discarded up to its LF
    private bool _draining;

    // DATA and BDAT
    private IBufferWriter<byte>? _sink;
    private DataState _dataState;
    private long _size;
    private long _max;
    private bool _tooBig;
    private long _lineLength;
    private bool _lineTooLong;
    private int _bareLf;
    private int _bareCr;
    private long _bdatRemaining;
    private long _bdatSize;
    private bool _bdatLast;

    public SmtpReceiver(SmtpLimits? limits = null)
    {
        _limits = limits ?? SmtpLimits.Default;
        _buf = new byte[Math.Max(_limits.CommandLineLength, 1024)];
    }

    /// <summary>True when bytes are buffered that no frame has consumed yet (pipelined input).</summary>
    /// <remarks>Checked right after STARTTLS: anything the client sent before the handshake must be discarded (RFC 3207 §4.2).</remarks>
    public bool HasBufferedInput => _end > _start;

    /// <summary>True while the receiver is inside DATA or a BDAT chunk.</summary>
    public bool IsReadingMessage => _mode is Mode.Data or Mode.Bdat;

    /// <summary>Number of buffered bytes not yet consumed.</summary>
    public int BufferedCount => _end - _start;

    /// <summary>Appends bytes read from the connection.</summary>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty) return;
        if (_buf.Length - _end < chunk.Length)
        {
            int used = _end - _start;
            if (_buf.Length - used >= chunk.Length)
            {
                Buffer.BlockCopy(_buf, _start, _buf, 0, used);
            }
            else
            {
                var bigger = new byte[Math.Max(_buf.Length * 2, used + chunk.Length)];
                Buffer.BlockCopy(_buf, _start, bigger, 0, used);
                _buf = bigger;
            }
            _start = 0;
            _end = used;
        }
        chunk.CopyTo(_buf.AsSpan(_end));
        _end += chunk.Length;
    }

    /// <summary>Drops every buffered byte and any partial line, and returns to command mode.</summary>
    public void DiscardBufferedInput()
    {
        _start = _end = 0;
        _draining = false;
        _mode = Mode.Command;
        _sink = null;
    }

    /// <summary>Reads the message after a 354 reply up to <c>CRLF.CRLF</c>, dot-unstuffed, into <paramref name="sink"/>.</summary>
    /// <remarks>Over <paramref name="maxSize"/> the rest is read and discarded (RFC 1870 §6.3); the frame then says TooBig.</remarks>
    public void BeginData(long maxSize, IBufferWriter<byte> sink)
    {
        EnsureCommandMode();
        _mode = Mode.Data;
        _sink = sink;
        _dataState = DataState.LineStart;
        _size = 0;
        _max = Math.Max(0, maxSize);
        _tooBig = false;
        _lineLength = 0;
        _lineTooLong = false;
        _bareLf = 0;
        _bareCr = 0;
    }

    /// <summary>Reads exactly <paramref name="chunkSize"/> bytes of a BDAT chunk into <paramref name="sink"/>.</summary>
    /// <param name="remainingAllowance">Bytes the message may still grow by; a larger chunk is read and discarded.</param>
    public void BeginBdat(long chunkSize, bool last, long remainingAllowance, IBufferWriter<byte> sink)
    {
        EnsureCommandMode();
        _mode = Mode.Bdat;
        _sink = sink;
        _bdatSize = Math.Max(0, chunkSize);
        _bdatRemaining = _bdatSize;
        _bdatLast = last;
        _tooBig = _bdatSize > Math.Max(0, remainingAllowance);
    }

    /// <summary>Reads the next line as a SASL response (RFC 4954 §4), with the SASL line limit.</summary>
    public void BeginSaslResponse()
    {
        EnsureCommandMode();
        _mode = Mode.Sasl;
    }

    /// <summary>Returns the next complete frame, or false when more input is needed.</summary>
    public bool TryRead([NotNullWhen(true)] out SmtpFrame? frame)
    {
        frame = _mode switch
        {
            Mode.Data => ReadData(),
            Mode.Bdat => ReadBdat(),
            _ => ReadLine(),
        };
        if (frame is null) Shrink();
        return frame is not null;
    }

    private void EnsureCommandMode()
    {
        if (_mode != Mode.Command || _draining)
            throw new InvalidOperationException("The receiver is not between commands.");
    }

    private SmtpFrame? ReadLine()
    {
        bool sasl = _mode == Mode.Sasl;
        var span = _buf.AsSpan(_start, _end - _start);
        if (_draining)
        {
            int lf = span.IndexOf((byte)'\n');
            if (lf < 0)
            {
                _start = _end = 0;
                return null;
            }
            _start += lf + 1;
            _draining = false;
            _mode = Mode.Command;
            return sasl ? new SmtpFrame.SaslLineTooLong() : new SmtpFrame.LineTooLong();
        }

        int limit = sasl || StartsWithAuth(span)
            ? Math.Max(_limits.SaslLineLength, _limits.CommandLineLength)
            : _limits.CommandLineLength;
        int end = span.IndexOf((byte)'\n');
        if (end < 0)
        {
            if (span.Length < limit) return null;
            _start = _end = 0;
            _draining = true;
            return ReadLine();
        }

        _start += end + 1;
        _mode = Mode.Command;
        if (end + 1 > limit)
            return sasl ? new SmtpFrame.SaslLineTooLong() : new SmtpFrame.LineTooLong();

        var content = span[..end];
        if (!content.IsEmpty && content[^1] == (byte)'\r') content = content[..^1];
        var text = Encoding.UTF8.GetString(content);
        return sasl ? new SmtpFrame.SaslResponse(text) : new SmtpFrame.CommandLine(text);
    }

    private static bool StartsWithAuth(ReadOnlySpan<byte> span) =>
        span.Length >= 5 &&
        (span[0] | 0x20) == 'a' && (span[1] | 0x20) == 'u' && (span[2] | 0x20) == 't' && (span[3] | 0x20) == 'h' &&
        span[4] == (byte)' ';

    private SmtpFrame? ReadBdat()
    {
        int take = (int)Math.Min(_bdatRemaining, _end - _start);
        if (take > 0)
        {
            if (!_tooBig) _sink!.Write(_buf.AsSpan(_start, take));
            _start += take;
            _bdatRemaining -= take;
        }
        if (_bdatRemaining > 0) return null;
        _mode = Mode.Command;
        _sink = null;
        return new SmtpFrame.BdatComplete(_bdatSize, _bdatLast, _tooBig);
    }

    private SmtpFrame? ReadData()
    {
        var s = _buf.AsSpan(_start, _end - _start);
        int pos = 0;
        bool complete = false;
        while (pos < s.Length && !complete)
        {
            switch (_dataState)
            {
                case DataState.LineStart:
                    if (s[pos] == (byte)'.')
                    {
                        pos++;
                        _dataState = DataState.Dot;
                    }
                    else
                    {
                        _dataState = DataState.Mid;
                    }
                    break;
                case DataState.Dot:
                    // a leading dot is removed (RFC 5321 §4.5.2); ".CRLF" alone ends the message
                    if (s[pos] == (byte)'\r')
                    {
                        pos++;
                        _dataState = DataState.DotCr;
                    }
                    else
                    {
                        _dataState = DataState.Mid;
                    }
                    break;
                case DataState.DotCr:
                    if (s[pos] == (byte)'\n')
                    {
                        pos++;
                        complete = true;
                    }
                    else
                    {
                        Emit(CrByte);
                        _dataState = DataState.Cr;
                    }
                    break;
                case DataState.Mid:
                {
                    var rest = s[pos..];
                    int i = rest.IndexOfAny((byte)'\r', (byte)'\n');
                    if (i < 0)
                    {
                        Emit(rest);
                        pos = s.Length;
                        break;
                    }
                    Emit(rest[..(i + 1)]);
                    pos += i + 1;
                    if (rest[i] == (byte)'\r')
                    {
                        _dataState = DataState.Cr;
                    }
                    else
                    {
                        _bareLf++;
                        _lineLength = 0;
                    }
                    break;
                }
                case DataState.Cr:
                {
                    byte b = s[pos];
                    if (b == (byte)'\n')
                    {
                        Emit(s.Slice(pos, 1));
                        pos++;
                        _lineLength = 0;
                        _dataState = DataState.LineStart;
                    }
                    else if (b == (byte)'\r')
                    {
                        _bareCr++;
                        Emit(s.Slice(pos, 1));
                        pos++;
                    }
                    else
                    {
                        _bareCr++;
                        _dataState = DataState.Mid;
                    }
                    break;
                }
            }
        }
        _start += pos;
        if (!complete) return null;
        _mode = Mode.Command;
        _sink = null;
        return new SmtpFrame.DataComplete(_size, _tooBig, _lineTooLong, _bareLf, _bareCr);
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        _size += bytes.Length;
        _lineLength += bytes.Length;
        if (_limits.DataLineLength > 0 && _lineLength > _limits.DataLineLength) _lineTooLong = true;
        if (_tooBig) return;
        if (_size > _max)
        {
            _tooBig = true;
            return;
        }
        _sink!.Write(bytes);
    }

    private void Shrink()
    {
        int used = _end - _start;
        if (used == 0) _start = _end = 0;
        if (_buf.Length <= ShrinkThreshold || used > _limits.SaslLineLength) return;
        var smaller = new byte[Math.Max(Math.Max(_limits.CommandLineLength, 1024), used)];
        Buffer.BlockCopy(_buf, _start, smaller, 0, used);
        _buf = smaller;
        _start = 0;
        _end = used;
    }
}
