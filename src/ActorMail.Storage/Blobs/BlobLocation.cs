namespace ActorMail.Storage.Blobs;

/// <summary>Where a body lives: segment id, offset of the body in the file, body length.</summary>
internal sealed record BlobLocation(int Segment, long Offset, long Length);
