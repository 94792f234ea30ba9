namespace ActorMail.Core.IO;

/// <summary>
/// Base of the read-only, seekable streams over stored message bytes (blob records, spools, a message behind
/// its trace headers): keeps the position and refuses writing; a subclass only reads from <see cref="Cursor"/>.
/// </summary>
public abstract class ReadOnlySeekableStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Position
    {
        get => Cursor;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>Where the next read starts, from the start of the stream.</summary>
    protected long Cursor { get; set; }

    public abstract override int Read(Span<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Cursor + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        Cursor = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("read-only stream");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("read-only stream");
}
