using ActorMail.Core;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// Reclaims space in a segment blob store: drops dead hashes from the index, deletes or rewrites sealed
/// segments and deletes large-body files no longer indexed. One compaction runs at a time.
/// </summary>
/// <remarks>
/// Never touches the segment being appended to, and deletes a segment only after its live records are
/// durable elsewhere (copied through the group-commit writer).
/// </remarks>
internal sealed class BlobCompactor(string directory, BlobStoreOptions options, BlobIndex index, GroupCommitLoop writer, LargeBlobWriter large)
{
    private readonly SemaphoreSlim compactGate = new(1, 1);

    /// <summary>See <see cref="SegmentBlobStore.CompactAsync"/>.</summary>
    public async Task<ReclaimResult> CompactAsync(Func<string, bool> isLive, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(isLive);
        await compactGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            int sealedBelow = writer.CurrentSegment;
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

            var (largeDeleted, largeBytes) = large.DeleteUnindexed(ct);
            reclaimed += largeBytes;
            return new ReclaimResult(deleted, reclaimed, removed, largeDeleted);
        }
        finally
        {
            compactGate.Release();
        }
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
            if (!writer.TryEnqueue(write))
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
}
