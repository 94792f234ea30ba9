namespace ActorMail.Protocols.Pop3;

/// <summary>
/// Cuts a message for TOP (RFC 1939 §7): the header, the blank line that ends it, then at most N body lines.
/// Works chunk by chunk: <see cref="Accept"/> says how much of each chunk to send.
/// </summary>
/// <remarks>
/// Lines end at LF (CRLF or bare LF). A message without a blank line is all header and is sent whole; a body shorter
/// than N lines is sent whole, including an unterminated last line.
/// </remarks>
public sealed class Pop3TopLimiter
{
    private readonly int _bodyLines;
    private bool _inHeader = true;
    private int _lineLength;
    private bool _lineStartsWithCr;
    private int _linesSent;

    /// <summary>Creates a limiter that keeps <paramref name="bodyLines"/> body lines (0 keeps only the header).</summary>
    public Pop3TopLimiter(int bodyLines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bodyLines);
        _bodyLines = bodyLines;
    }

    /// <summary>True once the cut point is reached: no further input is needed.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Returns how many leading bytes of <paramref name="chunk"/> belong to the TOP answer.</summary>
    public int Accept(ReadOnlySpan<byte> chunk)
    {
        int i = 0;
        while (i < chunk.Length && !IsComplete)
        {
            if (_inHeader)
            {
                i = ScanHeader(chunk, i);
            }
            else
            {
                int lf = chunk[i..].IndexOf((byte)'\n');
                if (lf < 0)
                {
                    return chunk.Length;
                }

                i += lf + 1;
                _linesSent++;
                IsComplete = _linesSent >= _bodyLines;
            }
        }

        return IsComplete ? i : chunk.Length;
    }

    private int ScanHeader(ReadOnlySpan<byte> chunk, int i)
    {
        byte b = chunk[i++];
        if (b != (byte)'\n')
        {
            if (_lineLength == 0)
            {
                _lineStartsWithCr = b == (byte)'\r';
            }

            _lineLength++;
            return i;
        }

        bool blank = _lineLength == 0 || (_lineLength == 1 && _lineStartsWithCr);
        _lineLength = 0;
        if (blank)
        {
            _inHeader = false;
            IsComplete = _bodyLines == 0;
        }

        return i;
    }
}
