namespace ActorMail.Storage.Blobs;

/// <summary>One hash's index entry. Compaction moves or removes it under its lock; puts touch it under the same lock.</summary>
internal sealed class BlobIndexEntry(BlobLocation location, long lastPutTicks)
{
    private volatile BlobLocation location = location;
    private volatile bool removed;

    public BlobLocation Location
    {
        get => location;
        set => location = value;
    }

    /// <summary>When the body was last stored or deduplicated (UTC ticks; guarded by the entry's lock).</summary>
    public long LastPutTicks { get; set; } = lastPutTicks;

    /// <summary>Set once compaction dropped the hash; a later put writes the body again.</summary>
    public bool Removed
    {
        get => removed;
        set => removed = value;
    }
}
