using System.Collections.Concurrent;
using System.Security.Cryptography;
using ActorMail.Core;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// Streams a body of at least <see cref="BlobStoreOptions.LargeBodyThreshold"/> bytes to a file of its own
/// (format in <see cref="LargeBlobFile"/>) and indexes it; deletes such files once no longer indexed.
/// </summary>
/// <remarks>
/// The calling thread hashes the body while copying it in chunks to a temporary file, fsyncs it, renames it
/// to its hash and fsyncs the directory. Such a file is renamed and indexed while its hash is registered as
/// in flight, and <see cref="DeleteUnindexed"/> deletes it only while holding the same gate and seeing the
/// hash neither indexed there nor in flight.
/// </remarks>
internal sealed class LargeBlobWriter(string directory, BlobIndex index, ConcurrentDictionary<string, Task<BlobRef>> inFlight)
{
    /// <summary>Size of the chunks a large body is copied in.</summary>
    public const int CopyChunk = 1024 * 1024;

    private readonly Lock largeGate = new();
    private long largeSyncCount;

    /// <summary>Number of fsyncs made for large-body files and the directory.</summary>
    public long SyncCount => Interlocked.Read(ref largeSyncCount);

    /// <summary>Path of the file holding the body with <paramref name="hash"/>.</summary>
    public string PathOf(string hash) => Path.Combine(directory, LargeBlobFile.FileName(hash));

    /// <summary>
    /// Stores a body of at least the threshold: <paramref name="buffer"/> holds its first
    /// <paramref name="buffered"/> bytes, <paramref name="rest"/> the others. Hashes while copying to a
    /// temporary file; unless the hash is stored or being stored meanwhile (then the copy is dropped
    /// unsynced), fsyncs it, renames it to its hash and fsyncs the directory before indexing it.
    /// </summary>
    public async Task<BlobRef> PutAsync(byte[] buffer, int buffered, Stream rest, CancellationToken ct)
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

            File.Move(temp, PathOf(hash), overwrite: true);
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

    /// <summary>
    /// Deletes the large-body files whose hash is neither indexed to its own file nor in flight; returns
    /// how many were deleted and their bytes.
    /// </summary>
    public (int Deleted, long Bytes) DeleteUnindexed(CancellationToken ct)
    {
        int largeDeleted = 0;
        long reclaimed = 0;
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

        return (largeDeleted, reclaimed);
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
}
