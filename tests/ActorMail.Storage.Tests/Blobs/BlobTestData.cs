using ActorMail.Storage.Blobs;
using ActorMail.Core;

namespace ActorMail.Storage.Tests.Blobs;

internal static class BlobTestData
{
    /// <summary>Deterministic distinct bytes for body number <paramref name="seed"/>.</summary>
    public static byte[] Body(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] ReadAll(IBlobStore store, BlobRef blob)
    {
        using var stream = store.OpenRead(blob);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string SegmentPath(string folder, int id) => Path.Combine(folder, $"segment-{id:D8}.blob");
}
