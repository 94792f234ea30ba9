using System.Security.Cryptography;
using System.Text;
using ActorMail.Core;
using ActorMail.Storage.Summaries;
using Microsoft.Data.Sqlite;

namespace ActorMail.Storage.Tests.Summaries;

public sealed class MessageSummaryCacheTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static (BlobRef Ref, byte[] Bytes) Message(string subject)
    {
        var bytes = Encoding.ASCII.GetBytes($"From: a@example.org\r\nSubject: {subject}\r\n\r\nbody of {subject}\r\n");
        return (new BlobRef(Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length), bytes);
    }

    [Fact]
    public async Task Computes_once_then_answers_from_memory()
    {
        using var cache = new MessageSummaryCache(folder.Path);
        var (blob, bytes) = Message("one");
        int opened = 0;
        Stream Open()
        {
            opened++;
            return new MemoryStream(bytes);
        }

        var first = await cache.GetOrComputeAsync(blob, Open, CancellationToken.None);
        var second = await cache.GetOrComputeAsync(blob, Open, CancellationToken.None);

        Assert.Equal(1, opened);
        Assert.Same(first, second);
        Assert.Equal("one", first.Envelope.Subject);
    }

    [Fact]
    public async Task A_reopened_cache_answers_from_its_database_without_the_body()
    {
        var (computed, computedBytes) = Message("computed");
        var (primed, primedBytes) = Message("primed");
        byte[] expected;
        using (var cache = new MessageSummaryCache(folder.Path))
        {
            expected = (await cache.GetOrComputeAsync(computed, () => new MemoryStream(computedBytes), CancellationToken.None)).Serialize();
            await cache.PrimeAsync(primed, primedBytes);
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, MessageSummaryCache.FileName)));
        using var reopened = new MessageSummaryCache(folder.Path);
        Func<Stream> refuse = () => throw new InvalidOperationException("the body must not be read on a cache hit");

        var fromDb = await reopened.GetOrComputeAsync(computed, refuse, CancellationToken.None);
        var primedFromDb = await reopened.GetOrComputeAsync(primed, refuse, CancellationToken.None);

        Assert.Equal(expected, fromDb.Serialize());
        Assert.Equal("primed", primedFromDb.Envelope.Subject);
    }

    [Fact]
    public async Task Memory_holds_at_most_its_capacity()
    {
        using var cache = new MessageSummaryCache(folder.Path, capacity: 2);
        foreach (var subject in new[] { "a", "b", "c" })
        {
            var (blob, bytes) = Message(subject);
            await cache.PrimeAsync(blob, bytes);
        }

        Assert.Equal(2, cache.MemoryCount);
    }

    [Fact]
    public async Task A_corrupt_row_is_recomputed()
    {
        var (blob, bytes) = Message("corrupt");
        using (var cache = new MessageSummaryCache(folder.Path))
        {
            await cache.PrimeAsync(blob, bytes);
        }

        using (var db = new SqliteConnection($"Data Source={Path.Combine(folder.Path, MessageSummaryCache.FileName)};Pooling=False"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE message_summary SET data = x'63ff00' WHERE hash = $h";
            update.Parameters.AddWithValue("$h", blob.Hash);
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        using var reopened = new MessageSummaryCache(folder.Path);
        var summary = await reopened.GetOrComputeAsync(blob, () => new MemoryStream(bytes), CancellationToken.None);
        Assert.Equal("corrupt", summary.Envelope.Subject);
    }

    [Fact]
    public void The_cache_database_uses_wal()
    {
        using (new MessageSummaryCache(folder.Path))
        {
        }

        Assert.Equal("wal", ActorMail.Storage.Persistence.SqliteDatabase.JournalMode($"Data Source={Path.Combine(folder.Path, MessageSummaryCache.FileName)};Pooling=False"));
    }
}
