using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
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
/// </remarks>
public sealed class SegmentBlobStore : IBlobStore, IDisposable
{
    private readonly string directory;
    private readonly BlobStoreOptions options;
    private readonly BlobIndex index;
    private readonly ConcurrentDictionary<string, Task<BlobRef>> inFlight = new();
    private readonly Channel<PendingBlobWrite> queue = Channel.CreateUnbounded<PendingBlobWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SegmentWriter writer;
    private readonly Thread writerThread;
    private readonly SemaphoreSlim compactGate = new(1, 1);
    private int disposed;

    private SegmentBlobStore(string directory, BlobStoreOptions options, BlobIndex index, SegmentWriter writer)
    {
        this.directory = directory;
        this.options = options;
        this.index = index;
        this.writer = writer;

        writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "blob-store-writer" };
        writerThread.Start();
    }

    /// <summary>
    /// Opens (creating if needed) the store in <paramref name="directory"/>: rebuilds the index from the
    /// segment headers, verifies the newest segment's bodies and truncates a torn tail there.
    /// </summary>
    public static SegmentBlobStore Open(string directory, BlobStoreOptions? options = null)
    {
        options ??= new BlobStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SegmentSize, SegmentFormat.HeaderSize + 1L, nameof(options));
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        var index = new BlobIndex(options.Time);
        var ids = SegmentFormat.ListSegments(directory);
        for (int i = 0; i < ids.Count; i++)
        {
            bool newest = i == ids.Count - 1;
            var path = Path.Combine(directory, SegmentFormat.FileName(ids[i]));
            var (records, goodEnd) = SegmentFormat.Scan(path, verify: newest);
            foreach (var r in records)
            {
                // Later segments win: a body copied by compaction or stored again lives in a newer one.
                index.Publish(r.Hash, new BlobLocation(ids[i], r.BodyOffset, r.Length));
            }

            if (newest && goodEnd < new FileInfo(path).Length)
            {
                using var tail = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete);
                tail.SetLength(goodEnd);
                tail.Flush(flushToDisk: true);
            }
        }

        var writer = new SegmentWriter(directory, ids.Count == 0 ? 1 : ids[^1], options.SegmentSize);
        return new SegmentBlobStore(directory, options, index, writer);
    }

    /// <inheritdoc />
    public long Count => index.Count;

    /// <inheritdoc />
    public long TotalBytes => index.TotalBytes;

    /// <summary>Number of fsyncs made so far (segment files and the directory).</summary>
    public long SyncCount => writer.SyncCount;

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
                if (!queue.Writer.TryWrite(write))
                {
                    inFlight.TryRemove(new KeyValuePair<string, Task<BlobRef>>(hash, write.Done.Task));
                    throw new ObjectDisposedException(nameof(SegmentBlobStore));
                }

                return new ValueTask<BlobRef>(write.Done.Task.WaitAsync(ct));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobRef> PutAsync(Stream data, CancellationToken ct)
    {
        int capacity = data.CanSeek ? (int)Math.Clamp(data.Length - data.Position, 0, Array.MaxLength) : 0;
        using var buffer = new MemoryStream(capacity);
        await data.CopyToAsync(buffer, 81920, ct).ConfigureAwait(false);
        return await PutAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct).ConfigureAwait(false);
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
                var handle = File.OpenHandle(SegmentPath(location.Segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
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
    /// have their live records copied (durably) to the current segment and are then deleted.
    /// </summary>
    public async Task<ReclaimResult> CompactAsync(Func<string, bool> isLive, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(isLive);
        await compactGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            int sealedBelow = writer.CurrentId;
            long removed = index.RemoveDead(isLive, options.ReclaimGrace);
            int deleted = 0;
            long reclaimed = 0;
            foreach (int id in SegmentFormat.ListSegments(directory))
            {
                if (id >= sealedBelow)
                {
                    continue;
                }

                ct.ThrowIfCancellationRequested();
                var path = SegmentPath(id);
                long fileLength = new FileInfo(path).Length;
                var live = index.EntriesIn(id);
                long liveBytes = live.Sum(e => SegmentFormat.HeaderSize + e.Entry.Location.Length);
                if (live.Count > 0)
                {
                    if (fileLength == 0 || (fileLength - liveBytes) / (double)fileLength <= options.CompactThreshold)
                    {
                        continue;
                    }

                    await RelocateAsync(id, live, ct).ConfigureAwait(false);
                    if (index.EntriesIn(id).Count > 0)
                    {
                        continue;
                    }
                }

                // No directory fsync needed: a deletion lost to a crash brings back only dead records and
                // older copies, and copies in newer segments win at open.
                File.Delete(path);
                deleted++;
                reclaimed += fileLength - liveBytes;
            }

            return new ReclaimResult(deleted, reclaimed, removed);
        }
        finally
        {
            compactGate.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        queue.Writer.TryComplete();
        writerThread.Join();
        writer.Dispose();
    }

    private string SegmentPath(int id) => Path.Combine(directory, SegmentFormat.FileName(id));

    /// <summary>Copies live records out of a segment through the writer, in batches of about 16 MiB.</summary>
    private async Task RelocateAsync(int segment, List<(string Hash, BlobIndexEntry Entry)> live, CancellationToken ct)
    {
        const long batchBytes = 16L * 1024 * 1024;
        using var handle = File.OpenHandle(SegmentPath(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var pending = new List<Task<BlobRef>>();
        long queued = 0;
        foreach (var (hash, entry) in live.OrderBy(e => e.Entry.Location.Offset))
        {
            var location = entry.Location;
            var body = new byte[location.Length];
            for (int done = 0; done < body.Length;)
            {
                int read = RandomAccess.Read(handle, body.AsSpan(done), location.Offset + done);
                if (read <= 0)
                {
                    throw new IOException($"segment {segment} ended inside a record it indexes");
                }

                done += read;
            }
            var write = new PendingBlobWrite(hash, Convert.FromHexString(hash), body, entry, segment);
            if (!queue.Writer.TryWrite(write))
            {
                throw new ObjectDisposedException(nameof(SegmentBlobStore));
            }

            pending.Add(write.Done.Task);
            queued += location.Length;
            if (queued >= batchBytes)
            {
                await Task.WhenAll(pending).WaitAsync(ct).ConfigureAwait(false);
                pending.Clear();
                queued = 0;
            }
        }

        await Task.WhenAll(pending).WaitAsync(ct).ConfigureAwait(false);
    }

    private void WriterLoop()
    {
        var reader = queue.Reader;
        var batch = new List<PendingBlobWrite>();
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            WriteBatch(batch);
            batch.Clear();
        }
    }

    private void WriteBatch(List<PendingBlobWrite> batch)
    {
        var locations = new BlobLocation?[batch.Count];
        try
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                if (write.Relocating is null && index.TryTouch(write.Hash))
                {
                    continue;
                }

                locations[i] = writer.Append(write.Sha256, write.Data.Span);
            }

            writer.Commit();
        }
        catch (Exception ex)
        {
            try
            {
                writer.Rollback();
            }
            catch (IOException)
            {
                // The torn tail stays; the next open truncates it.
            }

            foreach (var write in batch)
            {
                Finish(write, ex);
            }

            return;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            var location = locations[i];
            if (location is not null)
            {
                if (write.Relocating is { } entry)
                {
                    BlobIndex.Relocate(entry, write.FromSegment, location);
                }
                else
                {
                    index.Publish(write.Hash, location);
                }
            }

            Finish(write, null);
        }
    }

    private void Finish(PendingBlobWrite write, Exception? error)
    {
        if (write.Relocating is null)
        {
            inFlight.TryRemove(new KeyValuePair<string, Task<BlobRef>>(write.Hash, write.Done.Task));
        }

        if (error is null)
        {
            write.Done.TrySetResult(new BlobRef(write.Hash, write.Data.Length));
        }
        else
        {
            write.Done.TrySetException(error);
        }
    }
}
