namespace ActorMail.Storage.Blobs;

/// <summary>
/// Appends records to the current segment file and makes them durable. Used by one thread only (the
/// store's writer loop). Everything appended since the last <see cref="Commit"/> becomes durable with it;
/// <see cref="Rollback"/> cuts the current file back to its last committed length after a failed write.
/// </summary>
internal sealed class SegmentWriter : IDisposable
{
    private readonly string directory;
    private readonly long segmentSize;
    private FileStream file;
    private long length;
    private long committedLength;
    private bool dirty;
    private long syncCount;

    public SegmentWriter(string directory, int currentId, long segmentSize)
    {
        this.directory = directory;
        this.segmentSize = segmentSize;
        CurrentId = currentId;
        var path = Path.Combine(directory, SegmentFormat.FileName(currentId));
        bool existed = File.Exists(path);
        file = OpenForAppend(path, existed ? FileMode.Open : FileMode.CreateNew);
        length = file.Length;
        committedLength = length;
        file.Position = length;
        if (!existed)
        {
            SyncDirectory();
        }
    }

    /// <summary>Id of the segment being appended to; all lower ids are sealed.</summary>
    public int CurrentId { get; private set; }

    /// <summary>Number of fsyncs made (files and directory).</summary>
    public long SyncCount => Interlocked.Read(ref syncCount);

    /// <summary>Appends one record, starting a new segment first when this one would grow past its size.</summary>
    public BlobLocation Append(ReadOnlySpan<byte> sha256, ReadOnlySpan<byte> body)
    {
        long recordSize = SegmentFormat.HeaderSize + (long)body.Length;
        if (length > 0 && length + recordSize > segmentSize)
        {
            Rotate();
        }

        Span<byte> header = stackalloc byte[SegmentFormat.HeaderSize];
        SegmentFormat.WriteHeader(header, body.Length, sha256);
        file.Write(header);
        file.Write(body);
        var location = new BlobLocation(CurrentId, length + SegmentFormat.HeaderSize, body.Length);
        length += recordSize;
        dirty = true;
        return location;
    }

    /// <summary>Flushes and fsyncs what was appended since the last commit (one fsync).</summary>
    public void Commit()
    {
        if (!dirty)
        {
            return;
        }

        file.Flush(flushToDisk: true);
        Interlocked.Increment(ref syncCount);
        committedLength = length;
        dirty = false;
    }

    /// <summary>Drops what was appended to the current file since its last commit.</summary>
    public void Rollback()
    {
        file.Dispose();
        var path = Path.Combine(directory, SegmentFormat.FileName(CurrentId));
        file = OpenForAppend(path, FileMode.Open);
        file.SetLength(committedLength);
        file.Flush(flushToDisk: true);
        Interlocked.Increment(ref syncCount);
        length = committedLength;
        file.Position = length;
        dirty = false;
    }

    public void Dispose()
    {
        Commit();
        file.Dispose();
    }

    private void Rotate()
    {
        Commit();
        file.Dispose();
        CurrentId++;
        file = OpenForAppend(Path.Combine(directory, SegmentFormat.FileName(CurrentId)), FileMode.CreateNew);
        length = 0;
        committedLength = 0;
        SyncDirectory();
    }

    private void SyncDirectory()
    {
        if (DirectorySync.Sync(directory))
        {
            Interlocked.Increment(ref syncCount);
        }
    }

    private static FileStream OpenForAppend(string path, FileMode mode)
        => new(path, mode, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 64 * 1024);
}
