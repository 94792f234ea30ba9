using ActorMail.Core;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// A record queued for the writer loop: a new body, or (with <paramref name="Relocating"/>) a live body
/// that compaction copies out of segment <paramref name="FromSegment"/>.
/// </summary>
internal sealed record PendingBlobWrite(string Hash, byte[] Sha256, ReadOnlyMemory<byte> Data, BlobIndexEntry? Relocating, int FromSegment)
{
    /// <summary>Completes once the record is durable (or the write failed).</summary>
    public TaskCompletionSource<BlobRef> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
