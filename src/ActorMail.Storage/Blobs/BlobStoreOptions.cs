namespace ActorMail.Storage.Blobs;

/// <summary>Tuning of a <see cref="SegmentBlobStore"/>.</summary>
public sealed record BlobStoreOptions
{
    /// <summary>A segment file is sealed and a new one started once appending would pass this size (bytes).</summary>
    public long SegmentSize { get; init; } = 64L * 1024 * 1024;

    /// <summary>A sealed segment whose dead share of bytes is above this ratio is rewritten by compaction.</summary>
    public double CompactThreshold { get; init; } = 0.5;

    /// <summary>
    /// A body stored (or deduplicated) less than this long ago is never reclaimed, even when the
    /// liveness check says no one references it: its referencing event may not be persisted yet.
    /// Bodies found on disk at open count as stored at open.
    /// </summary>
    public TimeSpan ReclaimGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A body put as a stream is held in memory and stored through the segments' group commit only when it
    /// is shorter than this (bytes); a longer one is hashed while it is copied, in chunks, to a file of its
    /// own (<c>large-&lt;hash&gt;.blob</c>), so memory use stays bounded by this size whatever the body size.
    /// Bodies put from memory always go to the segments.
    /// </summary>
    public int LargeBodyThreshold { get; init; } = 1024 * 1024;

    /// <summary>Clock used for <see cref="ReclaimGrace"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
