using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace ActorMail.Protocols.Imap;

/// <summary>
/// Turns received bytes into IMAP commands (each line with the literals it announces), enforcing every
/// size limit. Pure: no I/O, no clock; never throws on any input.
/// </summary>
/// <remarks>
/// Use: <see cref="Feed"/> each received chunk, then call <see cref="TryRead"/> until it returns false.
/// After a <see cref="ImapReceiverEvent.NeedContinuation"/> or <see cref="ImapReceiverEvent.NeedSink"/>
/// nothing more is produced until the session calls <see cref="AcceptLiteral"/> or <see cref="RejectLiteral"/>.
/// APPEND message literals (RFC 9051 §6.3.12) are streamed to the session's <see cref="ILiteralSink"/>,
/// every other literal is kept in memory within <see cref="ImapLimits.MaxLiteralSize"/>.
/// </remarks>
public sealed class ImapReceiver
{
    private const int TailSize = 24;

    private enum State { Line, Drain, Literal, AwaitingDecision, Closed }

    private enum LineMode { Command, Idle, Authenticate }

    private readonly ImapLimits _limits;
    private byte[] _buf = new byte[4096];
    private int _start;
    private int _end;

    private State _state = State.Line;
    private LineMode _mode = LineMode.Command;
    private readonly ArrayBufferWriter<byte> _line = new();

    // The command being assembled.
    private readonly List<byte[]> _lines = [];
    private readonly List<ImapLiteral> _literals = [];
    private readonly List<ILiteralSink> _sinks = [];
    private long _commandSize;
    private string? _tag;
    private bool _isAppend;
    private bool _discarding;

    // The pending or current literal.
    private long _literalSize;
    private long _literalRemaining;
    private bool _literalBinary;
    private bool _literalSync;
    private bool _literalIsAppend;
    private bool _literalWithinLimit;
    private byte[]? _literalData;
    private ILiteralSink? _sink;

    // Draining an over-long line.
    private ImapInputError _drainError;
    private readonly byte[] _tail = new byte[TailSize];
    private int _tailLength;

    public ImapReceiver(ImapLimits? limits = null)
    {
        _limits = limits ?? ImapLimits.Default;
        AppendLimit = _limits.AppendLimit;
    }

    /// <summary>Largest APPEND message literal accepted now; the session may change it per command.</summary>
    public long AppendLimit { get; set; }

    /// <summary>Bytes received and not yet consumed (the STARTTLS guard: must be false when TLS starts).</summary>
    public bool HasBufferedInput => _end > _start || _line.WrittenCount > 0 || _lines.Count > 0;

    /// <summary>Bytes received and not yet consumed; the session pauses reading when this grows.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>The receiver waits for <see cref="AcceptLiteral"/> or <see cref="RejectLiteral"/>.</summary>
    public bool IsAwaitingDecision => _state == State.AwaitingDecision;

    /// <summary>A fatal error was reported; all further input is ignored.</summary>
    public bool IsClosed => _state == State.Closed;

    /// <summary>Adds received bytes.</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        if (_state == State.Closed || bytes.IsEmpty) return;
        if (_buf.Length - _end < bytes.Length)
        {
            int live = _end - _start;
            if (_buf.Length - live < bytes.Length)
            {
                var bigger = new byte[Math.Max(_buf.Length * 2, live + bytes.Length)];
                Array.Copy(_buf, _start, bigger, 0, live);
                _buf = bigger;
            }
            else
            {
                Array.Copy(_buf, _start, _buf, 0, live);
            }
            _start = 0;
            _end = live;
        }
        bytes.CopyTo(_buf.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>The next line is the client's answer to IDLE: reported as <see cref="ImapReceiverEvent.IdleLine"/>.</summary>
    public void BeginIdle() => _mode = LineMode.Idle;

    /// <summary>The next line answers an AUTHENTICATE challenge: reported as <see cref="ImapReceiverEvent.AuthenticateLine"/>.</summary>
    public void BeginAuthenticateResponse() => _mode = LineMode.Authenticate;

    /// <summary>
    /// Accepts the announced literal. APPEND message literals need a <paramref name="sink"/> (the receiver
    /// writes the bytes to it, then calls Complete); other literals are collected in memory.
    /// </summary>
    public void AcceptLiteral(ILiteralSink? sink = null)
    {
        if (_state != State.AwaitingDecision) throw new InvalidOperationException("no literal is pending");
        if (!_literalWithinLimit) throw new InvalidOperationException("the literal exceeds the limit");
        if (_literalIsAppend)
        {
            ArgumentNullException.ThrowIfNull(sink);
            _sink = sink;
            _sinks.Add(sink);
        }
        else
        {
            _literalData = new byte[_literalSize];
        }
        _literalRemaining = _literalSize;
        _state = State.Literal;
    }

    /// <summary>
    /// Refuses the announced literal after the session answered NO/BAD. A synchronising literal was never
    /// sent and the command is dropped; a non-synchronising one is read and discarded with the rest of its command.
    /// </summary>
    public void RejectLiteral()
    {
        if (_state != State.AwaitingDecision) throw new InvalidOperationException("no literal is pending");
        if (_literalSync)
        {
            ResetCommand(abortSinks: true);
            _state = State.Line;
            return;
        }
        _discarding = true;
        _literalData = null;
        _sink = null;
        _literalRemaining = _literalSize;
        _state = State.Literal;
    }

    /// <summary>The connection ended: aborts the sinks of an unfinished APPEND and ignores further input.</summary>
    public void Abort()
    {
        ResetCommand(abortSinks: true);
        _state = State.Closed;
        _start = _end = 0;
    }

    /// <summary>Produces the next event from the buffered bytes, or false when more input (or a decision) is needed.</summary>
    public bool TryRead([NotNullWhen(true)] out ImapReceiverEvent? ev)
    {
        ev = null;
        while (true)
        {
            switch (_state)
            {
                case State.Closed:
                case State.AwaitingDecision:
                    return false;
                case State.Literal:
                    if (!ReadLiteral()) return false;
                    break;
                default:
                    int avail = _end - _start;
                    if (avail == 0) return false;
                    var span = _buf.AsSpan(_start, avail);
                    int lf = span.IndexOf((byte)'\n');
                    var chunk = lf < 0 ? span : span[..lf];
                    if (_state == State.Drain) RememberTail(chunk);
                    else if (_line.WrittenCount + chunk.Length > _limits.MaxLineLength + 1) StartDrain(chunk, ImapInputError.LineTooLong);
                    else _line.Write(chunk);
                    if (lf < 0)
                    {
                        _start = _end = 0;
                        return false;
                    }
                    _start += lf + 1;
                    if (_state == State.Drain ? EndDrain(out ev) : CompleteLine(out ev)) return true;
                    break;
            }
        }
    }

    private bool ReadLiteral()
    {
        if (_literalRemaining > 0)
        {
            int n = (int)Math.Min(_literalRemaining, _end - _start);
            if (n == 0) return false;
            var data = _buf.AsSpan(_start, n);
            if (_sink is not null) _sink.Write(data);
            else if (_literalData is not null) data.CopyTo(_literalData.AsSpan((int)(_literalSize - _literalRemaining)));
            _start += n;
            _literalRemaining -= n;
            if (_literalRemaining > 0) return false;
        }
        if (_discarding)
        {
            // refused literal: bytes dropped
        }
        else if (_sink is not null)
        {
            _sink.Complete();
            _literals.Add(new ImapLiteral(_literalSize, _literalBinary, _sink));
        }
        else
        {
            _literals.Add(new ImapLiteral(_literalData ?? [], _literalBinary));
            _commandSize += _literalSize;
        }
        _sink = null;
        _literalData = null;
        _state = State.Line;
        return true;
    }

    private bool CompleteLine([NotNullWhen(true)] out ImapReceiverEvent? ev)
    {
        ev = null;
        var line = _line.WrittenSpan;
        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        if (line.Length > _limits.MaxLineLength)
        {
            StartDrain(default, ImapInputError.LineTooLong);
            return EndDrain(out ev);
        }
        if (_mode != LineMode.Command && _lines.Count == 0)
        {
            ev = _mode == LineMode.Idle
                ? new ImapReceiverEvent.IdleLine(line.Length == 4 && System.Text.Ascii.EqualsIgnoreCase(line, "DONE"u8))
                : new ImapReceiverEvent.AuthenticateLine(line.ToArray());
            _mode = LineMode.Command;
            _line.ResetWrittenCount();
            return true;
        }
        if (line.Length == 0 && _lines.Count == 0)
        {
            _line.ResetWrittenCount();
            return false; // blank lines between commands are ignored
        }
        if (_commandSize + line.Length > _limits.MaxCommandSize)
        {
            StartDrain(default, ImapInputError.CommandTooLong);
            return EndDrain(out ev);
        }
        var bytes = line.ToArray();
        _line.ResetWrittenCount();
        if (_lines.Count == 0)
        {
            _tag = ImapGrammar.TryReadTag(bytes);
            _isAppend = ImapFraming.IsAppendCommand(bytes);
        }
        bool appendLiteral = _isAppend && (_lines.Count > 0 || ImapFraming.HasArgumentBeforeMarker(bytes));
        _lines.Add(bytes);
        _commandSize += bytes.Length;

        if (!ImapFraming.TryLiteralMarker(bytes, out long size, out bool sync, out bool binary))
        {
            if (_discarding)
            {
                ResetCommand(abortSinks: true);
                return false;
            }
            ev = new ImapReceiverEvent.Command(new ImapFrame(_lines.ToArray(), _literals.ToArray()));
            ResetCommand(abortSinks: false);
            return true;
        }

        _literalSize = size;
        _literalSync = sync;
        _literalBinary = binary;
        _literalIsAppend = appendLiteral;
        _literalWithinLimit = appendLiteral
            ? size <= AppendLimit
            : size <= _limits.MaxLiteralSize && _commandSize + size <= _limits.MaxCommandSize;
        if (_discarding)
        {
            if (sync)
            {
                ResetCommand(abortSinks: true);
                return false;
            }
            if (size > _limits.AppendLimit && size > _limits.MaxLiteralSize) return Fatal(out ev);
            _literalRemaining = size;
            _state = State.Literal;
            return false;
        }
        if (sync)
        {
            _state = State.AwaitingDecision;
            ev = new ImapReceiverEvent.NeedContinuation(_tag, size, appendLiteral, binary, _literalWithinLimit);
            return true;
        }
        if (!_literalWithinLimit) return Fatal(out ev);
        if (appendLiteral)
        {
            _state = State.AwaitingDecision;
            ev = new ImapReceiverEvent.NeedSink(_tag, size, binary);
            return true;
        }
        _literalData = new byte[size];
        _literalRemaining = size;
        _state = State.Literal;
        return false;
    }

    private bool Fatal([NotNullWhen(true)] out ImapReceiverEvent? ev)
    {
        ev = new ImapReceiverEvent.Rejected(_tag, ImapInputError.LiteralTooLarge, IsFatal: true);
        ResetCommand(abortSinks: true);
        _state = State.Closed;
        _start = _end = 0;
        return true;
    }

    private void StartDrain(ReadOnlySpan<byte> seen, ImapInputError error)
    {
        if (_lines.Count == 0) _tag = ImapGrammar.TryReadTag(_line.WrittenCount > 0 ? _line.WrittenSpan : seen);
        _drainError = error;
        _tailLength = 0;
        RememberTail(_line.WrittenSpan);
        RememberTail(seen);
        _line.ResetWrittenCount();
        _state = State.Drain;
    }

    private void RememberTail(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= TailSize)
        {
            chunk[^TailSize..].CopyTo(_tail);
            _tailLength = TailSize;
            return;
        }
        int keep = Math.Min(_tailLength, TailSize - chunk.Length);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + chunk.Length;
    }

    private bool EndDrain([NotNullWhen(true)] out ImapReceiverEvent? ev)
    {
        var tail = _tail.AsSpan(0, _tailLength);
        if (tail.Length > 0 && tail[^1] == '\r') tail = tail[..^1];
        // A drained line announcing a non-synchronising literal leaves bytes that cannot be told from commands.
        bool fatal = ImapFraming.TryLiteralMarker(tail, out _, out bool sync, out _) && !sync;
        ev = new ImapReceiverEvent.Rejected(_tag, _drainError, fatal);
        _mode = LineMode.Command;
        ResetCommand(abortSinks: true);
        _state = fatal ? State.Closed : State.Line;
        if (fatal) _start = _end = 0;
        return true;
    }

    private void ResetCommand(bool abortSinks)
    {
        if (abortSinks)
        {
            foreach (var s in _sinks) s.Abort();
            if (_sink is not null && !_sinks.Contains(_sink)) _sink.Abort();
        }
        _sinks.Clear();
        _sink = null;
        _lines.Clear();
        _literals.Clear();
        _literalData = null;
        _commandSize = 0;
        _tag = null;
        _isAppend = false;
        _discarding = false;
        _line.ResetWrittenCount();
    }
}
