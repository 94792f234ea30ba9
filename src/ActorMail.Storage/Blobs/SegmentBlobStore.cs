using System.Buffers;
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
    private readonly ConcurrentDictionary<string, Task<BlobRef>> inFlight = new();
    private readonly Channel<PendingBlobWrite> queue = Channel.CreateUnbounded<PendingBlobWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SegmentWriter writer;
    private readonly Thread writerThread;
    private readonly SemaphoreSlim compactGate = new(1, 1);
    private readonly Lock largeGate = new();
    private long largeSyncCount;
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

        // After the segments: a body both in a segment and in its own file is read from its file.
        foreach (var (hash, length) in LargeBlobFile.Recover(directory))
        {
            index.Publish(hash, BlobLocation.InOwnFile(length));
        }

        var writer = new SegmentWriter(directory, ids.Count == 0 ? 1 : ids[^1], options.SegmentSize);
        return new SegmentBlobStore(directory, options, index, writer);
    }

    /// <inheritdoc />
    public long Count => index.Count;

    /// <inheritdoc />
    public long TotalBytes => index.TotalBytes;

    /// <summary>Number of fsyncs made so far (segment files, large-body files and the directory).</summary>
    public long SyncCount => writer.SyncCount + Interlocked.Read(ref largeSyncCount);

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

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(threshold, CopyChunk));
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

            return await PutLargeAsync(buffer, filled, data, ct).ConfigureAwait(false);
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
                var path = location.IsOwnFile ? LargePath(blob.Hash) : SegmentPath(location.Segment);
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

            int largeDeleted = 0;
            foreach (var (path, hash) in LargeBlobFile.List(directory))
            {
                ct.ThrowIfCancellationRequested();
                lock (largeGate)
                {
                    if ((index.TryGet(hash, out var entry) && entry.Location.IsOwnFile) || inFlight.ContainsKey(hash))
                    {
                        continue;
                    }

                    long fileLength = new FileInfo(path).Length;
                    File.Delete(path);
                    largeDeleted++;
                    reclaimed += fileLength;
                }
            }

            return new ReclaimResult(deleted, reclaimed, removed, largeDeleted);
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

    private string LargePath(string hash) => Path.Combine(directory, LargeBlobFile.FileName(hash));

    /// <summary>Size of the chunks a large body is copied in.</summary>
    private const int CopyChunk = 1024 * 1024;

    /// <summary>
    /// Stores a body of at least the threshold: <paramref name="buffer"/> holds its first
    /// <paramref name="buffered"/> bytes, <paramref name="rest"/> the others. Hashes while copying to a
    /// temporary file; unless the hash is stored or being stored meanwhile (then the copy is dropped
    /// unsynced), fsyncs it, renames it to its hash and fsyncs the directory before indexing it.
    /// </summary>
    private async Task<BlobRef> PutLargeAsync(byte[] buffer, int buffered, Stream rest, CancellationToken ct)
    {
        var temp = Path.Combine(directory, LargeBlobFile.NewTempName());
        TaskCompletionSource<BlobRef>? mine = null;
        string? hash = null;
        try
        {
            BlobRef stored;
            Task<BlobRef>? running = null;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                var sha = new byte[32];
                long length = 0;
                using (var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    file.Position = SegmentFormat.HeaderSize;
                    for (int n = buffered; n > 0; n = await rest.ReadAsync(buffer, ct).ConfigureAwait(false))
                    {
                        hasher.AppendData(buffer, 0, n);
                        file.Write(buffer, 0, n);
                        length += n;
                    }

                    hasher.GetHashAndReset(sha);
                }

                hash = Convert.ToHexStringLower(sha);
                stored = new BlobRef(hash, length);
                lock (largeGate)
                {
                    if (!index.TryTouch(hash) && !inFlight.TryGetValue(hash, out running))
                    {
                        mine = new TaskCompletionSource<BlobRef>(TaskCreationOptions.RunContinuationsAsynchronously);
                        if (!inFlight.TryAdd(hash, mine.Task))
                        {
                            mine = null;
                            inFlight.TryGetValue(hash, out running);
                        }
                    }
                }

                if (mine is not null)
                {
                    var header = new byte[SegmentFormat.HeaderSize];
                    SegmentFormat.WriteHeader(header, length, sha);
                    file.Position = 0;
                    file.Write(header);
                    file.Flush(flushToDisk: true);
                    Interlocked.Increment(ref largeSyncCount);
                }
            }

            if (mine is null)
            {
                // Stored already, or being stored by another put: this copy is not needed.
                File.Delete(temp);
                return running is null ? stored : await running.WaitAsync(ct).ConfigureAwait(false);
            }

            File.Move(temp, LargePath(hash), overwrite: true);
            if (DirectorySync.Sync(directory))
            {
                Interlocked.Increment(ref largeSyncCount);
            }

            index.Publish(hash, BlobLocation.InOwnFile(stored.Length));
            mine.SetResult(stored);
            return stored;
        }
        catch (Exception ex)
        {
            TryDelete(temp);
            if (mine is not null)
            {
                mine.TrySetException(ex);
                _ = mine.Task.Exception;
            }

            throw;
        }
        finally
        {
            if (mine is not null)
            {
                inFlight.TryRemove(new KeyValuePair<string, Task<BlobRef>>(hash!, mine.Task));
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the cleanup at the next open.
        }
        catch (UnauthorizedAccessException)
        {
            // Left for the cleanup at the next open.
        }
    }

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
