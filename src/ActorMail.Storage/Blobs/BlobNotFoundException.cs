namespace ActorMail.Storage.Blobs;

/// <summary>Thrown when a blob reference names a body the store does not hold.</summary>
public sealed class BlobNotFoundException : Exception
{
    public BlobNotFoundException(string hash)
        : base($"blob {hash} is not stored")
    {
        Hash = hash;
    }

    /// <summary>The hash that was looked up.</summary>
    public string Hash { get; }
}
