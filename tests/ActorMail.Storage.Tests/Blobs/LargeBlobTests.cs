using ActorMail.Core;
using ActorMail.Storage.Blobs;
using Xunit.Abstractions;
using static ActorMail.Storage.Tests.Blobs.BlobTestData;

namespace ActorMail.Storage.Tests.Blobs;

/// <summary>Bodies put as streams of at least the large-body threshold: each in a file of its own.</summary>
public sealed class LargeBlobTests : IDisposable
{
    private const int Threshold = 64 * 1024;
    private static readonly BlobStoreOptions Options = new() { LargeBodyThreshold = Threshold, ReclaimGrace = TimeSpan.Zero };
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string LargePath(string hash) => folder.Combine($"large-{hash}.blob");

    private string[] Files(string pattern) => Directory.GetFiles(folder.Path, pattern);

    private static bool ReadsBack(SegmentBlobStore store, BlobRef blob, long length, ulong seed)
    {
        using var stream = store.OpenRead(blob);
        return stream.Length == length && GeneratedStream.SameBytes(stream, length, seed);
    }

    [Fact]
    public async Task Streams_shorter_than_the_threshold_go_to_a_segment_and_longer_ones_to_their_own_file()
    {
        using var store = SegmentBlobStore.Open(folder.Path, Options);

        var seekable = await store.PutAsync(new MemoryStream(Body(1, Threshold - 1)), CancellationToken.None);
        var pipedSmall = await store.PutAsync(new GeneratedStream(Threshold - 1, 2), CancellationToken.None);
        var pipedAtThreshold = await store.PutAsync(new GeneratedStream(Threshold, 3), CancellationToken.None);
        var seekableLarge = await store.PutAsync(new MemoryStream(Body(4, Threshold * 3)), CancellationToken.None);

        Assert.Equal(2L * (SegmentFormat.HeaderSize + Threshold - 1), new FileInfo(SegmentPath(folder.Path, 1)).Length);
        Assert.False(File.Exists(LargePath(seekable.Hash)));
        Assert.False(File.Exists(LargePath(pipedSmall.Hash)));
        Assert.Equal(SegmentFormat.HeaderSize + (long)Threshold, new FileInfo(LargePath(pipedAtThreshold.Hash)).Length);
        Assert.True(File.Exists(LargePath(seekableLarge.Hash)));
        Assert.Equal(GeneratedStream.Sha256Hex(Threshold, 3), pipedAtThreshold.Hash);
        Assert.Equal(Threshold, pipedAtThreshold.Length);
        Assert.Equal(Body(4, Threshold * 3), ReadAll(store, seekableLarge));
        Assert.True(ReadsBack(store, pipedAtThreshold, Threshold, 3));
        Assert.Equal(4, store.Count);
        Assert.Equal((2L * (Threshold - 1)) + Threshold + (Threshold * 3), store.TotalBytes);
        Assert.Empty(Files("*.tmp"));
    }

    [Fact]
    public async Task A_large_body_is_deduplicated_whether_stored_before_as_a_stream_or_from_memory()
    {
        using var store = SegmentBlobStore.Open(folder.Path, Options);
        const int size = 5 * Threshold;

        var first = await store.PutAsync(new GeneratedStream(size, 7), CancellationToken.None);
        long syncs = store.SyncCount;
        var again = await store.PutAsync(new GeneratedStream(size, 7), CancellationToken.None);
        Assert.Equal(syncs, store.SyncCount);
        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(async () => await store.PutAsync(new GeneratedStream(size, 8), CancellationToken.None))));

        Assert.Equal(first, again);
        Assert.All(together, r => Assert.Equal(together[0], r));
        Assert.Equal(2, Files("large-*.blob").Length);
        Assert.Empty(Files("*.tmp"));
        Assert.Equal(2, store.Count);
        Assert.Equal(2L * size, store.TotalBytes);

        // From memory first (into a segment): a later stream put of the same bytes writes nothing.
        var body = Body(9, size);
        var fromMemory = await store.PutAsync(body);
        var fromStream = await store.PutAsync(new MemoryStream(body), CancellationToken.None);
        Assert.Equal(fromMemory, fromStream);
        Assert.False(File.Exists(LargePath(fromMemory.Hash)));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task Large_bodies_survive_a_reopen_and_torn_or_temporary_files_are_dropped()
    {
        BlobRef kept;
        using (var store = SegmentBlobStore.Open(folder.Path, Options))
        {
            kept = await store.PutAsync(new GeneratedStream(3 * Threshold, 11), CancellationToken.None);
        }

        // A crash while writing: a temporary file half-written, and final names that do not hold a whole body.
        var source = await File.ReadAllBytesAsync(LargePath(kept.Hash));
        await File.WriteAllBytesAsync(folder.Combine($"large-{Guid.NewGuid():N}.tmp"), source.AsSpan(0, source.Length / 2).ToArray());
        string tornHash = GeneratedStream.Sha256Hex(3 * Threshold, 12);
        var torn = source.AsSpan(0, source.Length - 100).ToArray();
        await File.WriteAllBytesAsync(LargePath(tornHash), torn);
        string misnamedHash = new('a', 64);
        await File.WriteAllBytesAsync(LargePath(misnamedHash), source);

        using var reopened = SegmentBlobStore.Open(folder.Path, Options);

        Assert.Equal(1, reopened.Count);
        Assert.Equal(3L * Threshold, reopened.TotalBytes);
        Assert.True(ReadsBack(reopened, kept, 3 * Threshold, 11));
        Assert.False(reopened.Contains(tornHash));
        Assert.False(reopened.Contains(misnamedHash));
        Assert.Empty(Files("*.tmp"));
        Assert.Equal([LargePath(kept.Hash)], Files("large-*"));

        var rewritten = await reopened.PutAsync(new GeneratedStream(3 * Threshold, 12), CancellationToken.None);
        Assert.Equal(tornHash, rewritten.Hash);
        Assert.True(ReadsBack(reopened, rewritten, 3 * Threshold, 12));
    }

    [Fact]
    public async Task A_cancelled_or_failed_large_put_leaves_nothing_behind()
    {
        using var store = SegmentBlobStore.Open(folder.Path, Options);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await store.PutAsync(new GeneratedStream(10 * Threshold, 13, cancelAfter: 4 * Threshold, cancel), cancel.Token));

        Assert.Empty(Files("large-*"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task Compaction_deletes_dead_large_files_and_keeps_live_ones()
    {
        using var store = SegmentBlobStore.Open(folder.Path, Options);
        var live = await store.PutAsync(new GeneratedStream(2 * Threshold, 21), CancellationToken.None);
        var dead = await store.PutAsync(new GeneratedStream(4 * Threshold, 22), CancellationToken.None);
        var small = await store.PutAsync(Body(23, 100));
        long deadFileLength = new FileInfo(LargePath(dead.Hash)).Length;
        using var heldOpen = store.OpenRead(dead);

        var result = await store.CompactAsync(h => h == live.Hash || h == small.Hash, CancellationToken.None);

        Assert.Equal(1, result.LargeFilesDeleted);
        Assert.Equal(1, result.BlobsRemoved);
        Assert.Equal(deadFileLength, result.BytesReclaimed);
        Assert.False(File.Exists(LargePath(dead.Hash)));
        Assert.False(store.Contains(dead.Hash));
        Assert.Throws<BlobNotFoundException>(() => store.OpenRead(dead));
        Assert.True(ReadsBack(store, live, 2 * Threshold, 21));
        Assert.Equal(2, store.Count);
        Assert.Equal((2L * Threshold) + 100, store.TotalBytes);
        Assert.True(GeneratedStream.SameBytes(heldOpen, 4 * Threshold, 22));

        // Stored again after it was reclaimed: written anew.
        var back = await store.PutAsync(new GeneratedStream(4 * Threshold, 22), CancellationToken.None);
        Assert.Equal(dead, back);
        Assert.True(ReadsBack(store, back, 4 * Threshold, 22));
        var second = await store.CompactAsync(h => true, CancellationToken.None);
        Assert.Equal(0, second.LargeFilesDeleted);
        Assert.True(File.Exists(LargePath(back.Hash)));
    }

    [Fact]
    public async Task Concurrent_small_and_large_puts_all_land()
    {
        var large = Enumerable.Range(0, 6).Select(i => (Length: (long)(Threshold + (i * 50_000)), Seed: (ulong)(100 + i))).ToArray();
        var small = Enumerable.Range(0, 60).Select(i => Body(200 + i, 500 + i)).ToArray();
        using (var store = SegmentBlobStore.Open(folder.Path, Options))
        {
            var largePuts = large.Select(b => Task.Run(async () => await store.PutAsync(new GeneratedStream(b.Length, b.Seed), CancellationToken.None)));
            var smallPuts = small.Select(b => Task.Run(async () => await store.PutAsync(b)));
            var largeRefs = await Task.WhenAll(largePuts);
            var smallRefs = await Task.WhenAll(smallPuts);

            for (int i = 0; i < large.Length; i++)
            {
                Assert.True(ReadsBack(store, largeRefs[i], large[i].Length, large[i].Seed));
            }

            for (int i = 0; i < small.Length; i++)
            {
                Assert.Equal(small[i], ReadAll(store, smallRefs[i]));
            }
        }

        long expectedBytes = large.Sum(b => b.Length) + small.Sum(b => (long)b.Length);
        using var reopened = SegmentBlobStore.Open(folder.Path, Options);
        Assert.Equal(large.Length + small.Length, reopened.Count);
        Assert.Equal(expectedBytes, reopened.TotalBytes);
        Assert.Equal(large.Length, Files("large-*.blob").Length);
    }
}

/// <summary>Runs alone: it measures the process's allocations.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "allocation";
}

[Collection(AllocationCollection.Name)]
public sealed class LargeBlobMemoryTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_50_MB_body_is_stored_without_being_held_in_memory()
    {
        const long size = 50L * 1024 * 1024;
        using var store = SegmentBlobStore.Open(folder.Path);
        await store.PutAsync(new GeneratedStream(2 * 1024 * 1024, 1), CancellationToken.None);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var blob = await store.PutAsync(new GeneratedStream(size, 50), CancellationToken.None);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"put of {size} bytes allocated {allocated} bytes");

        Assert.True(allocated < size / 10, $"a {size}-byte put allocated {allocated} bytes");
        Assert.Equal(new BlobRef(GeneratedStream.Sha256Hex(size, 50), size), blob);
        using (var stream = store.OpenRead(blob))
        {
            Assert.Equal(size, stream.Length);
            Assert.True(GeneratedStream.SameBytes(stream, size, 50));
        }

        store.Dispose();
        using var reopened = SegmentBlobStore.Open(folder.Path);
        Assert.Equal(size + (2 * 1024 * 1024), reopened.TotalBytes);
        using var again = reopened.OpenRead(blob);
        Assert.True(GeneratedStream.SameBytes(again, size, 50));
    }
}
