using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using ActorMail.Core;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// Blob store over append-only segment files (format in <see cref="SegmentFormat"/>) with group commit:
/// one writer thread drains every queued put, appends them all and fsyncs once for the batch before
/// completing any of them. An in-memory index (hash → segment, offset, length) is rebuilt at open.
/// </summary>
/// <remarks>
/// Invariants: a hash enters the index only after its record is fsynced; at most one write per hash is
/// in flight (later puts await it); only the writer thread appends; compaction never touches the segment
/// being appended to and deletes a segment only after its live records are durable elsewhere.
/// A stream of at least <see cref="BlobStoreOptions.LargeBodyThreshold"/> bytes bypasses the writer: the
/// calling thread hashes it while copying it in chunks to a temporary file of its own (format in
/// <see cref="LargeBlobFile"/>), fsyncs it, renames it to its hash and fsyncs the directory. Such a file
/// is renamed and indexed while its hash is registered as in flight, and compaction deletes it only while
/// holding the same gate and seeing the hash neither indexed there nor in flight.
/// </remarks>
public sealed class SegmentBlobStore : IBlobStore, IDisposable
{
    private readonly string directory;
    private readonly BlobStoreOptions options;
    private readonly BlobIndex index;
    private readonly ConcurrentDictionary<string, Task<BlobRef>> inFlight;
    private readonly GroupCommitLoop commitLoop;
    private readonly LargeBlobWriter large;
    private readonly BlobCompactor compactor;
    private int disposed;

    private SegmentBlobStore(string directory, BlobStoreOptions options, BlobIndex index, SegmentWriter segmentWriter)
    {
        this.directory = directory;
        this.options = options;
        this.index = index;
        inFlight = new ConcurrentDictionary<string, Task<BlobRef>>();
        large = new LargeBlobWriter(directory, index, inFlight);
        commitLoop = new GroupCommitLoop(index, inFlight, segmentWriter);
        compactor = new BlobCompactor(directory, options, index, commitLoop, large);
    }

    /// <summary>
    /// Opens (creating if needed) the store in <paramref name="directory"/>: rebuilds the index from the
    /// segment headers, verifies the newest segment's bodies and truncates a torn tail there, indexes the
    /// large-body files and deletes temporary ones left by a crash.
    /// </summary>
    public static SegmentBlobStore Open(string directory, BlobStoreOptions? options = null)
    {
        options ??= new BlobStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SegmentSize, SegmentFormat.HeaderSize + 1L, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LargeBodyThreshold, 1, nameof(options));
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        var index = new BlobIndex(options.Time);
        var ids = BlobStoreRecovery.RebuildIndex(directory, index);
        var writer = new SegmentWriter(directory, ids.Count == 0 ? 1 : ids[^1], options.SegmentSize);
        return new SegmentBlobStore(directory, options, index, writer);
    }

    /// <inheritdoc />
    public long Count => index.Count;

    /// <inheritdoc />
    public long TotalBytes => index.TotalBytes;

    /// <summary>Number of fsyncs made so far (segment files, large-body files and the directory).</summary>
    public long SyncCount => commitLoop.SyncCount + large.SyncCount;

    /// <summary>Number of segment files on disk.</summary>
    public int SegmentCount => SegmentFormat.ListSegments(directory).Count;

    /// <inheritdoc />
    public bool Contains(string hash) => index.TryGet(hash, out _);

    /// <inheritdoc />
    public ValueTask<BlobRef> PutAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        ct.ThrowIfCancellationRequested();
        byte[] sha = SHA256.HashData(data.Span);
        string hash = Convert.ToHexStringLower(sha);
        if (index.TryTouch(hash))
        {
            return ValueTask.FromResult(new BlobRef(hash, data.Length));
        }

        while (true)
        {
            if (inFlight.TryGetValue(hash, out var running))
            {
                return new ValueTask<BlobRef>(running.WaitAsync(ct));
            }

            var write = new PendingBlobWrite(hash, sha, data, Relocating: null, FromSegment: 0);
            if (inFlight.TryAdd(hash, write.Done.Task))
            {
                if (!commitLoop.TryEnqueue(write))
                {
                    inFlight.TryRemove(new KeyValuePair<string, Task<BlobRef>>(hash, write.Done.Task));
                    throw new ObjectDisposedException(nameof(SegmentBlobStore));
                }

                return new ValueTask<BlobRef>(write.Done.Task.WaitAsync(ct));
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A body shorter than <see cref="BlobStoreOptions.LargeBodyThreshold"/> is read into memory and
    /// group-committed to a segment; a longer one is streamed to a file of its own, never held whole.
    /// </remarks>
    public async ValueTask<BlobRef> PutAsync(Stream data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        int threshold = options.LargeBodyThreshold;
        if (data.CanSeek && data.Length - data.Position < threshold)
        {
            var body = new byte[data.Length - data.Position];
            await data.ReadExactlyAsync(body, ct).ConfigureAwait(false);
            return await PutAsync(body, ct).ConfigureAwait(false);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(threshold, LargeBlobWriter.CopyChunk));
        try
        {
            int filled = 0;
            while (filled < threshold)
            {
                int read = await data.ReadAsync(buffer.AsMemory(filled, threshold - filled), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    // The group-commit path keeps the memory until the write completes: give it its own copy.
                    return await PutAsync(buffer.AsSpan(0, filled).ToArray(), ct).ConfigureAwait(false);
                }

                filled += read;
            }

            return await large.PutAsync(buffer, filled, data, ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(BlobRef blob)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        for (int attempt = 0; attempt < 4; attempt++)
        {
            if (!index.TryGet(blob.Hash, out var entry))
            {
                break;
            }

            var location = entry.Location;
            try
            {
                var path = location.IsOwnFile ? large.PathOf(blob.Hash) : SegmentPath(location.Segment);
                var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return new BlobReadStream(handle, location.Offset, location.Length);
            }
            catch (FileNotFoundException)
            {
                // Compaction moved the body and deleted the old segment meanwhile: look it up again.
            }
        }

        throw new BlobNotFoundException(blob.Hash);
    }

    /// <summary>
    /// Reclaims space: hashes for which <paramref name="isLive"/> is false (and not stored within
    /// <see cref="BlobStoreOptions.ReclaimGrace"/>) leave the index; sealed segments with no live record
    /// are deleted; sealed segments whose dead share is above <see cref="BlobStoreOptions.CompactThreshold"/>
    /// have their live records copied (durably) to the current segment and are then deleted; large-body
    /// files whose hash is no longer indexed to them are deleted.
    /// </summary>
    public Task<ReclaimResult> CompactAsync(Func<string, bool> isLive, CancellationToken ct)
        => compactor.CompactAsync(isLive, ct);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        commitLoop.Dispose();
    }

    private string SegmentPath(int id) => Path.Combine(directory, SegmentFormat.FileName(id));
}
