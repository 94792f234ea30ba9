using ActorMail.Core.IO;
using Microsoft.Win32.SafeHandles;

namespace ActorMail.Storage.Blobs;

/// <summary>A read-only, seekable window over one record's body in a segment file. Owns the file handle.</summary>
internal sealed class BlobReadStream : ReadOnlySeekableStream
{
    private readonly SafeFileHandle handle;
    private readonly long start;
    private readonly long length;

    public BlobReadStream(SafeFileHandle handle, long start, long length)
    {
        this.handle = handle;
        this.start = start;
        this.length = length;
    }

    public override bool CanRead => !handle.IsClosed;

    public override bool CanSeek => !handle.IsClosed;

    public override long Length => length;

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        long remaining = length - Cursor;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        if (buffer.Length > remaining)
        {
            buffer = buffer[..(int)remaining];
        }

        int read = RandomAccess.Read(handle, buffer, start + Cursor);
        Cursor += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        return base.Seek(offset, origin);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
