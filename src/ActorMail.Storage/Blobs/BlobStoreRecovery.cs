namespace ActorMail.Storage.Blobs;

/// <summary>
/// Rebuilds a blob store's index from its files at open: segment headers, a torn tail of the newest
/// segment truncated, large-body files indexed and crash leftovers deleted.
/// </summary>
internal static class BlobStoreRecovery
{
    /// <summary>
    /// Publishes every body found in <paramref name="directory"/> into <paramref name="index"/>: verifies the
    /// newest segment's bodies and truncates a torn tail there, indexes the large-body files and deletes
    /// temporary ones left by a crash. Returns the ids of the segments on disk, oldest first.
    /// </summary>
    public static List<int> RebuildIndex(string directory, BlobIndex index)
    {
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

        return ids;
    }
}
