namespace ActorMail.Sessions.Smtp;

/// <summary>
/// A read-only, seekable stream over header lines in memory followed by a received body read from a
/// seekable stream (a spool): the stored form of a message without composing it into one more buffer.
/// Disposing it disposes the body stream.
/// </summary>
internal sealed class PrefixedBodyStream(ReadOnlyMemory<byte> prefix, Stream body) : Stream
{
    private readonly long _bodyLength = body.Length;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => prefix.Length + _bodyLength;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _position >= Length) return 0;
        if (_position < prefix.Length)
        {
            var source = prefix.Span[(int)_position..];
            int n = Math.Min(source.Length, buffer.Length);
            source[..n].CopyTo(buffer);
            _position += n;
            return n;
        }
        PositionBody();
        int read = body.Read(buffer);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (buffer.IsEmpty || _position >= Length) return 0;
        if (_position < prefix.Length) return Read(buffer.Span);
        PositionBody();
        int read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("read-only stream");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("read-only stream");

    protected override void Dispose(bool disposing)
    {
        if (disposing) body.Dispose();
        base.Dispose(disposing);
    }

    private void PositionBody()
    {
        long at = _position - prefix.Length;
        if (body.Position != at) body.Position = at;
    }
}
