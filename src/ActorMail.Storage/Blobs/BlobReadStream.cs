using Microsoft.Win32.SafeHandles;

namespace ActorMail.Storage.Blobs;

/// <summary>A read-only, seekable window over one record's body in a segment file. Owns the file handle.</summary>
internal sealed class BlobReadStream : Stream
{
    private readonly SafeFileHandle handle;
    private readonly long start;
    private readonly long length;
    private long position;

    public BlobReadStream(SafeFileHandle handle, long start, long length)
    {
        this.handle = handle;
        this.start = start;
        this.length = length;
    }

    public override bool CanRead => !handle.IsClosed;

    public override bool CanSeek => !handle.IsClosed;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        long remaining = length - position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        if (buffer.Length > remaining)
        {
            buffer = buffer[..(int)remaining];
        }

        int read = RandomAccess.Read(handle, buffer, start + position);
        position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        position = target;
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("blob streams are read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("blob streams are read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
