using ActorMail.Core;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// Content-addressed, durable store of message bodies. A body stored twice is kept once; a put
/// completes only once the bytes are on disk.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="data"/> (which must not change until the task completes) and returns its address.</summary>
    ValueTask<BlobRef> PutAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default);

    /// <summary>
    /// Reads <paramref name="data"/> to its end, stores it and returns its address. A large body is hashed
    /// and written as it is read, never held whole in memory.
    /// </summary>
    ValueTask<BlobRef> PutAsync(Stream data, CancellationToken ct);

    /// <summary>Opens a read-only, seekable stream over the stored body.</summary>
    /// <exception cref="BlobNotFoundException">The hash is not stored.</exception>
    Stream OpenRead(BlobRef blob);

    /// <summary>Whether a body with this SHA-256 (lower-case hex) is stored.</summary>
    bool Contains(string hash);

    /// <summary>Number of distinct bodies stored.</summary>
    long Count { get; }

    /// <summary>Sum of the lengths of the distinct bodies stored.</summary>
    long TotalBytes { get; }
}
