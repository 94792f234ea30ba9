namespace ActorMail.Storage.Blobs;

/// <summary>Outcome of one compaction pass.</summary>
/// <param name="SegmentsDeleted">Segment files removed (dead-only ones and rewritten ones).</param>
/// <param name="BytesReclaimed">Bytes of segment and large-body files removed, minus the bytes of live records copied out of them.</param>
/// <param name="BlobsRemoved">Dead hashes that left the index.</param>
/// <param name="LargeFilesDeleted">Files of single large bodies removed.</param>
public sealed record ReclaimResult(int SegmentsDeleted, long BytesReclaimed, long BlobsRemoved, int LargeFilesDeleted = 0);
