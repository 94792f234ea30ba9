using ActorMail.Core;
using ActorMail.Storage.Blobs;
using static ActorMail.Storage.Tests.Blobs.BlobTestData;

namespace ActorMail.Storage.Tests.Blobs;

public sealed class BlobCompactionTests : IDisposable
{
    // Three 300-byte bodies (345 bytes with their headers) fill one 1,100-byte segment.
    private static readonly BlobStoreOptions SmallSegments = new() { SegmentSize = 1100, ReclaimGrace = TimeSpan.Zero };
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static async Task<BlobRef[]> PutAll(SegmentBlobStore store, int first, int count)
    {
        var refs = new BlobRef[count];
        for (int i = 0; i < count; i++)
        {
            refs[i] = await store.PutAsync(Body(first + i, 300));
        }

        return refs;
    }

    [Fact]
    public async Task Dead_only_segments_are_deleted_and_mostly_dead_ones_rewritten()
    {
        using var store = SegmentBlobStore.Open(folder.Path, SmallSegments);
        var deadSegment = await PutAll(store, 0, 3);     // segment 1: all dead
        var mostlyDead = await PutAll(store, 10, 3);     // segment 2: one live of three
        var mostlyLive = await PutAll(store, 20, 3);     // segment 3: two live of three
        var current = await PutAll(store, 30, 1);        // segment 4: current, never compacted
        var live = new HashSet<string> { mostlyDead[1].Hash, mostlyLive[0].Hash, mostlyLive[1].Hash };
        using var heldOpen = store.OpenRead(mostlyDead[1]);

        var result = await store.CompactAsync(live.Contains, CancellationToken.None);

        Assert.Equal(2, result.SegmentsDeleted);
        Assert.Equal(7, result.BlobsRemoved);
        Assert.Equal((6 * 345L) - 345, result.BytesReclaimed);
        Assert.False(File.Exists(SegmentPath(folder.Path, 1)));
        Assert.False(File.Exists(SegmentPath(folder.Path, 2)));
        Assert.True(File.Exists(SegmentPath(folder.Path, 3)));
        Assert.Equal(3, store.Count);
        Assert.False(store.Contains(deadSegment[0].Hash));
        Assert.False(store.Contains(current[0].Hash));
        Assert.Throws<BlobNotFoundException>(() => store.OpenRead(mostlyDead[0]));
        Assert.Equal(Body(11, 300), ReadAll(store, mostlyDead[1]));
        Assert.Equal(Body(20, 300), ReadAll(store, mostlyLive[0]));

        var fromBefore = new MemoryStream();
        heldOpen.CopyTo(fromBefore);
        Assert.Equal(Body(11, 300), fromBefore.ToArray());
    }

    [Fact]
    public async Task Compaction_survives_a_reopen()
    {
        BlobRef keep;
        BlobRef[] all;
        using (var store = SegmentBlobStore.Open(folder.Path, SmallSegments))
        {
            all = await PutAll(store, 0, 7);
            keep = all[1];
            await store.CompactAsync(h => h == keep.Hash, CancellationToken.None);
        }

        using var reopened = SegmentBlobStore.Open(folder.Path, SmallSegments);
        Assert.Equal(Body(1, 300), ReadAll(reopened, keep));
        Assert.False(reopened.Contains(all[0].Hash));
        Assert.False(reopened.Contains(all[3].Hash));
    }

    [Fact]
    public async Task A_reclaimed_body_stored_again_is_written_again()
    {
        using var store = SegmentBlobStore.Open(folder.Path, SmallSegments);
        var refs = await PutAll(store, 0, 4);

        await store.CompactAsync(_ => false, CancellationToken.None);
        Assert.False(store.Contains(refs[0].Hash));
        var again = await store.PutAsync(Body(0, 300));

        Assert.Equal(refs[0], again);
        Assert.Equal(Body(0, 300), ReadAll(store, again));
    }

    [Fact]
    public async Task Bodies_stored_within_the_grace_period_are_kept()
    {
        var time = new ManualTime();
        using var store = SegmentBlobStore.Open(folder.Path, SmallSegments with { ReclaimGrace = TimeSpan.FromMinutes(10), Time = time });
        var refs = await PutAll(store, 0, 4);

        time.Advance(TimeSpan.FromMinutes(9));
        await store.PutAsync(Body(0, 300));   // stored again: its grace starts over
        var early = await store.CompactAsync(_ => false, CancellationToken.None);
        Assert.Equal(0, early.BlobsRemoved);
        Assert.Equal(0, early.SegmentsDeleted);

        time.Advance(TimeSpan.FromMinutes(2));
        var later = await store.CompactAsync(_ => false, CancellationToken.None);
        Assert.Equal(3, later.BlobsRemoved);
        Assert.True(store.Contains(refs[0].Hash));
        Assert.Equal(Body(0, 300), ReadAll(store, refs[0]));
        Assert.Equal(1, later.SegmentsDeleted);
    }

    [Fact]
    public async Task Reads_during_compaction_never_fail()
    {
        using var store = SegmentBlobStore.Open(folder.Path, SmallSegments);
        var refs = await PutAll(store, 0, 30);
        var live = refs.Where((_, i) => i % 3 == 0).ToArray();
        var liveSet = live.Select(r => r.Hash).ToHashSet();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            int reads = 0;
            while (!stop.IsCancellationRequested || reads == 0)
            {
                foreach (var blob in live)
                {
                    Assert.Equal(300, ReadAll(store, blob).Length);
                    reads++;
                }
            }

            return reads;
        });

        var result = await store.CompactAsync(liveSet.Contains, CancellationToken.None);
        stop.Cancel();
        Assert.True(await reader > 0);
        Assert.True(result.SegmentsDeleted > 0);
        foreach (var blob in live)
        {
            Assert.Equal(Body(Array.IndexOf(refs, blob), 300), ReadAll(store, blob));
        }
    }
}
