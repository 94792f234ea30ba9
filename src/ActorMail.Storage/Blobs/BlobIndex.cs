using System.Collections.Concurrent;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// The store's in-memory index: hash → location, with the time each hash was last stored. Puts touch
/// an entry and compaction removes it under the entry's lock, so a hash is never reclaimed while a put
/// that just deduplicated against it is returning.
/// </summary>
internal sealed class BlobIndex(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, BlobIndexEntry> entries = new(StringComparer.Ordinal);
    private long totalBytes;

    public long Count => entries.Count;

    public long TotalBytes => Interlocked.Read(ref totalBytes);

    private long Now => time.GetUtcNow().UtcTicks;

    /// <summary>Adds or replaces an entry (at open, and when a write completes).</summary>
    public void Publish(string hash, BlobLocation location)
    {
        var entry = new BlobIndexEntry(location, Now);
        BlobIndexEntry? previous = null;
        entries.AddOrUpdate(hash, entry, (_, old) =>
        {
            previous = old;
            return entry;
        });
        Interlocked.Add(ref totalBytes, location.Length - (previous?.Location.Length ?? 0));
    }

    public bool TryGet(string hash, out BlobIndexEntry entry)
    {
        if (entries.TryGetValue(hash, out var found) && !found.Removed)
        {
            entry = found;
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Records a put of an already stored hash; false when it is absent or being reclaimed.</summary>
    public bool TryTouch(string hash)
    {
        if (!entries.TryGetValue(hash, out var entry))
        {
            return false;
        }

        lock (entry)
        {
            if (entry.Removed)
            {
                return false;
            }

            entry.LastPutTicks = Now;
            return true;
        }
    }

    /// <summary>Points an entry at its copy, unless it was removed or moved meanwhile.</summary>
    public static void Relocate(BlobIndexEntry entry, int fromSegment, BlobLocation location)
    {
        lock (entry)
        {
            if (!entry.Removed && entry.Location.Segment == fromSegment)
            {
                entry.Location = location;
            }
        }
    }

    /// <summary>Removes every hash that is not live and was not stored within <paramref name="grace"/>; returns how many.</summary>
    public long RemoveDead(Func<string, bool> isLive, TimeSpan grace)
    {
        long now = Now;
        long removed = 0;
        foreach (var (hash, entry) in entries)
        {
            if (isLive(hash))
            {
                continue;
            }

            lock (entry)
            {
                if (entry.Removed || now - entry.LastPutTicks < grace.Ticks)
                {
                    continue;
                }

                entry.Removed = true;
            }

            if (entries.TryRemove(new KeyValuePair<string, BlobIndexEntry>(hash, entry)))
            {
                Interlocked.Add(ref totalBytes, -entry.Location.Length);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>The entries whose body lies in <paramref name="segment"/>.</summary>
    public List<(string Hash, BlobIndexEntry Entry)> EntriesIn(int segment)
    {
        var found = new List<(string, BlobIndexEntry)>();
        foreach (var (hash, entry) in entries)
        {
            if (!entry.Removed && entry.Location.Segment == segment)
            {
                found.Add((hash, entry));
            }
        }

        return found;
    }
}
