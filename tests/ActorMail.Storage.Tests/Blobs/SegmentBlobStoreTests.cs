using System.Collections.Concurrent;
using System.Security.Cryptography;
using ActorMail.Core;
using ActorMail.Storage.Blobs;
using static ActorMail.Storage.Tests.Blobs.BlobTestData;

namespace ActorMail.Storage.Tests.Blobs;

public sealed class SegmentBlobStoreTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Put_then_read_returns_the_same_bytes_and_the_sha256_address()
    {
        using var store = SegmentBlobStore.Open(folder.Path);
        var body = Body(1, 5000);

        var blob = await store.PutAsync(body);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), blob.Hash);
        Assert.Equal(5000, blob.Length);
        Assert.True(store.Contains(blob.Hash));
        Assert.Equal(body, ReadAll(store, blob));
        Assert.Equal(1, store.Count);
        Assert.Equal(5000, store.TotalBytes);
    }

    [Fact]
    public async Task Read_stream_is_limited_to_the_record_and_seekable()
    {
        using var store = SegmentBlobStore.Open(folder.Path);
        var first = await store.PutAsync(Body(1, 100));
        var second = Body(2, 300);
        var blob = await store.PutAsync(second);
        await store.PutAsync(Body(3, 100));

        using var stream = store.OpenRead(blob);
        Assert.True(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Equal(300, stream.Length);
        stream.Seek(-10, SeekOrigin.End);
        var tail = new byte[50];
        Assert.Equal(10, stream.Read(tail, 0, 50));
        Assert.Equal(second[290..], tail[..10]);
        Assert.Equal(0, stream.Read(tail, 0, 50));
        Assert.NotEqual(first.Hash, blob.Hash);
    }

    [Fact]
    public void Unknown_hash_throws_BlobNotFoundException()
    {
        using var store = SegmentBlobStore.Open(folder.Path);
        var missing = new BlobRef(new string('a', 64), 3);

        var ex = Assert.Throws<BlobNotFoundException>(() => store.OpenRead(missing));
        Assert.Equal(missing.Hash, ex.Hash);
        Assert.False(store.Contains(missing.Hash));
    }

    [Fact]
    public async Task Same_body_twice_is_stored_once_without_another_fsync()
    {
        using var store = SegmentBlobStore.Open(folder.Path);
        var body = Body(7, 2048);
        var first = await store.PutAsync(body);
        long syncs = store.SyncCount;
        long fileLength = new FileInfo(SegmentPath(folder.Path, 1)).Length;

        var second = await store.PutAsync((byte[])body.Clone());

        Assert.Equal(first, second);
        Assert.Equal(syncs, store.SyncCount);
        Assert.Equal(1, store.Count);
        Assert.Equal(fileLength, new FileInfo(SegmentPath(folder.Path, 1)).Length);
    }

    [Fact]
    public async Task Concurrent_puts_of_one_body_share_a_single_write()
    {
        using var store = SegmentBlobStore.Open(folder.Path);
        var body = Body(8, 10_000);

        var refs = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => store.PutAsync(body).AsTask())));

        Assert.Single(refs.Distinct());
        Assert.Equal(1, store.Count);
        Assert.Equal(SegmentFormat.HeaderSize + 10_000L, new FileInfo(SegmentPath(folder.Path, 1)).Length);
    }

    [Fact]
    public async Task Many_concurrent_puts_are_group_committed()
    {
        using var store = SegmentBlobStore.Open(folder.Path);
        const int puts = 500;
        var bodies = Enumerable.Range(0, puts).Select(i => Body(1000 + i, 512)).ToArray();
        long before = store.SyncCount;

        var refs = await Task.WhenAll(bodies.Select(b => Task.Run(() => store.PutAsync(b).AsTask())));

        long syncs = store.SyncCount - before;
        Assert.Equal(puts, store.Count);
        Assert.InRange(syncs, 1, puts - 1);
        for (int i = 0; i < puts; i += 97)
        {
            Assert.Equal(bodies[i], ReadAll(store, refs[i]));
        }
    }

    [Fact]
    public async Task A_fresh_instance_on_the_same_folder_finds_every_blob()
    {
        var bodies = Enumerable.Range(0, 20).Select(i => Body(i, 100 + i * 37)).ToArray();
        BlobRef[] refs;
        using (var store = SegmentBlobStore.Open(folder.Path))
        {
            refs = await Task.WhenAll(bodies.Select(b => store.PutAsync(b).AsTask()));
        }

        using var reopened = SegmentBlobStore.Open(folder.Path);
        Assert.Equal(20, reopened.Count);
        Assert.Equal(bodies.Sum(b => (long)b.Length), reopened.TotalBytes);
        for (int i = 0; i < refs.Length; i++)
        {
            Assert.Equal(bodies[i], ReadAll(reopened, refs[i]));
        }

        var more = await reopened.PutAsync(Body(99, 10));
        Assert.Equal(Body(99, 10), ReadAll(reopened, more));
    }

    [Fact]
    public async Task Stream_put_stores_what_the_stream_holds()
    {
        using var store = SegmentBlobStore.Open(folder.Path);
        var body = Body(5, 300_000);

        var fromSeekable = await store.PutAsync(new MemoryStream(body), CancellationToken.None);
        var fromPipe = await store.PutAsync(new NonSeekableStream(Body(6, 70_000)), CancellationToken.None);

        Assert.Equal(body, ReadAll(store, fromSeekable));
        Assert.Equal(Body(6, 70_000), ReadAll(store, fromPipe));
    }

    [Fact]
    public async Task Garbage_after_the_last_record_is_truncated_at_open()
    {
        BlobRef a, b;
        using (var store = SegmentBlobStore.Open(folder.Path))
        {
            a = await store.PutAsync(Body(1, 400));
            b = await store.PutAsync(Body(2, 400));
        }

        var path = SegmentPath(folder.Path, 1);
        long goodLength = new FileInfo(path).Length;
        File.AppendAllText(path, "AMBL\u0001 half a header and some noise");

        using var reopened = SegmentBlobStore.Open(folder.Path);
        Assert.Equal(goodLength, new FileInfo(path).Length);
        Assert.Equal(Body(1, 400), ReadAll(reopened, a));
        Assert.Equal(Body(2, 400), ReadAll(reopened, b));
        var c = await reopened.PutAsync(Body(3, 400));
        reopened.Dispose();

        using var again = SegmentBlobStore.Open(folder.Path);
        Assert.Equal(Body(3, 400), ReadAll(again, c));
        Assert.Equal(3, again.Count);
    }

    [Fact]
    public async Task A_record_cut_short_is_dropped_and_earlier_ones_survive()
    {
        BlobRef a, b, torn;
        using (var store = SegmentBlobStore.Open(folder.Path))
        {
            a = await store.PutAsync(Body(1, 400));
            b = await store.PutAsync(Body(2, 400));
            torn = await store.PutAsync(Body(3, 400));
        }

        var path = SegmentPath(folder.Path, 1);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(file.Length - 150);
        }

        using var reopened = SegmentBlobStore.Open(folder.Path);
        Assert.Equal(2, reopened.Count);
        Assert.False(reopened.Contains(torn.Hash));
        Assert.Throws<BlobNotFoundException>(() => reopened.OpenRead(torn));
        Assert.Equal(Body(1, 400), ReadAll(reopened, a));
        Assert.Equal(Body(2, 400), ReadAll(reopened, b));
        Assert.Equal(2 * (SegmentFormat.HeaderSize + 400L), new FileInfo(path).Length);
    }

    [Fact]
    public async Task A_corrupt_body_in_the_newest_segment_is_dropped_at_open()
    {
        BlobRef a, corrupt;
        using (var store = SegmentBlobStore.Open(folder.Path))
        {
            a = await store.PutAsync(Body(1, 400));
            corrupt = await store.PutAsync(Body(2, 400));
        }

        var path = SegmentPath(folder.Path, 1);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length - 10;
            int original = file.ReadByte();
            file.Position = file.Length - 10;
            file.WriteByte((byte)(original ^ 0xFF));
        }

        using var reopened = SegmentBlobStore.Open(folder.Path);
        Assert.True(reopened.Contains(a.Hash));
        Assert.False(reopened.Contains(corrupt.Hash));
        var again = await reopened.PutAsync(Body(2, 400));
        Assert.Equal(Body(2, 400), ReadAll(reopened, again));
    }

    [Fact]
    public async Task Segments_rotate_at_the_configured_size_and_reopen_across_them()
    {
        var options = new BlobStoreOptions { SegmentSize = 1000 };
        var bodies = Enumerable.Range(0, 12).Select(i => Body(i, 300)).ToArray();
        var refs = new List<BlobRef>();
        using (var store = SegmentBlobStore.Open(folder.Path, options))
        {
            foreach (var body in bodies)
            {
                refs.Add(await store.PutAsync(body));
            }

            Assert.Equal(6, store.SegmentCount);
            foreach (var file in Directory.GetFiles(folder.Path, "segment-*.blob"))
            {
                Assert.InRange(new FileInfo(file).Length, 1, 1000);
            }
        }

        using var reopened = SegmentBlobStore.Open(folder.Path, options);
        Assert.Equal(12, reopened.Count);
        for (int i = 0; i < bodies.Length; i++)
        {
            Assert.Equal(bodies[i], ReadAll(reopened, refs[i]));
        }
    }

    [Fact]
    public async Task A_body_larger_than_a_segment_gets_a_segment_of_its_own()
    {
        using var store = SegmentBlobStore.Open(folder.Path, new BlobStoreOptions { SegmentSize = 1000 });
        var small = await store.PutAsync(Body(1, 100));
        var big = await store.PutAsync(Body(2, 5000));

        Assert.Equal(2, store.SegmentCount);
        Assert.Equal(Body(2, 5000), ReadAll(store, big));
        Assert.Equal(Body(1, 100), ReadAll(store, small));
    }

    [Fact]
    public async Task Readers_see_complete_blobs_while_writes_go_on()
    {
        using var store = SegmentBlobStore.Open(folder.Path, new BlobStoreOptions { SegmentSize = 64 * 1024 });
        var written = new ConcurrentQueue<(BlobRef Ref, int Seed)>();
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            int checks = 0;
            while (!done.IsCancellationRequested || checks == 0)
            {
                foreach (var (blob, seed) in written.ToArray())
                {
                    Assert.Equal(Body(seed, (int)blob.Length), ReadAll(store, blob));
                    checks++;
                }
            }

            return checks;
        })).ToArray();

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 60; i++)
            {
                int seed = (w * 1000) + i;
                var blob = await store.PutAsync(Body(seed, 200 + (i * 13)));
                written.Enqueue((blob, seed));
            }
        })).ToArray();

        await Task.WhenAll(writers);
        done.Cancel();
        var checks = await Task.WhenAll(readers);
        Assert.All(checks, c => Assert.True(c > 0));
        Assert.Equal(240, store.Count);
        Assert.True(store.SegmentCount > 1);
    }

    [Fact]
    public async Task Puts_after_dispose_are_refused()
    {
        var store = SegmentBlobStore.Open(folder.Path);
        await store.PutAsync(Body(1, 10));
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.PutAsync(Body(2, 10)).AsTask());
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
