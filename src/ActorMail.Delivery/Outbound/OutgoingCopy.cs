using MimeKit;

namespace ActorMail.Delivery.Outbound;

/// <summary>
/// A queued message as it goes out: parsed in MimeKit's persistent mode over its stored bytes (read
/// whole into memory up to <see cref="InMemoryLimit"/>, otherwise parts stay in the blob file), and
/// what is known of those bytes. A copy that is neither rewritten (forced sender) nor signed is sent
/// as stored: its size is the stored length, and when every line is 7-bit and at most 998 octets it
/// already meets any transport constraint, so MailKit's re-encoding pass over the content is skipped.
/// </summary>
public sealed class OutgoingCopy : IDisposable
{
    /// <summary>Messages up to this size are read whole; larger ones are parsed over the blob file.</summary>
    public const int InMemoryLimit = 256 * 1024;

    /// <summary>RFC 5322 §2.1.1: at most 998 octets on a line, CRLF excluded.</summary>
    public const int MaxLine = 998;

    private readonly Stream _source;

    private OutgoingCopy(MimeMessage message, Stream source, long storedLength, bool sevenBitShortLines)
    {
        Message = message;
        _source = source;
        StoredLength = storedLength;
        SevenBitShortLines = sevenBitShortLines;
    }

    public MimeMessage Message { get; }

    /// <summary>The stored message's length in octets.</summary>
    public long StoredLength { get; }

    /// <summary>The stored bytes are all 7-bit (no NUL) with no line over 998 octets (false when not scanned).</summary>
    public bool SevenBitShortLines { get; }

    /// <summary>False once the copy was rewritten or signed: then it is no longer the stored bytes.</summary>
    public bool Unchanged { get; private set; } = true;

    public void MarkChanged() => Unchanged = false;

    /// <summary>Reads and parses the message <paramref name="openBody"/> returns (the stream is owned by the copy).</summary>
    public static OutgoingCopy Load(Func<Stream> openBody, long length, CancellationToken ct)
    {
        var body = openBody();
        try
        {
            if (length > InMemoryLimit)
                return new OutgoingCopy(MimeMessage.Load(body, persistent: true, ct), body, length, false);
            var bytes = new byte[length];
            body.ReadExactly(bytes);
            body.Dispose();
            var memory = new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
            return new OutgoingCopy(MimeMessage.Load(memory, persistent: true, ct), memory, length, IsSevenBitShortLines(bytes));
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="raw"/> has only octets 1..127 and no line longer than <see cref="MaxLine"/> octets.</summary>
    public static bool IsSevenBitShortLines(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAnyExceptInRange((byte)1, (byte)127) >= 0) return false;
        while (raw.Length > MaxLine)
        {
            int lf = raw[..Math.Min(raw.Length, MaxLine + 2)].IndexOf((byte)'\n');
            if (lf < 0) return false;
            int line = lf > 0 && raw[lf - 1] == '\r' ? lf - 1 : lf;
            if (line > MaxLine) return false;
            raw = raw[(lf + 1)..];
        }
        return true;
    }

    public void Dispose()
    {
        Message.Dispose();
        _source.Dispose();
    }
}
