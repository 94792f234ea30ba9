namespace ActorMail.Storage.Blobs;

/// <summary>
/// Where a body lives: segment id, offset of the body in the file, body length. A body in a file of its
/// own (see <see cref="LargeBlobFile"/>) has segment <see cref="OwnFile"/>.
/// </summary>
internal sealed record BlobLocation(int Segment, long Offset, long Length)
{
    /// <summary>The segment id of bodies stored in a file of their own.</summary>
    public const int OwnFile = -1;

    public bool IsOwnFile => Segment == OwnFile;

    /// <summary>A body in its own file (after the record header).</summary>
    public static BlobLocation InOwnFile(long length) => new(OwnFile, SegmentFormat.HeaderSize, length);
}
