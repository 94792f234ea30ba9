using System.Threading.Channels;
using ActorMail.Core;
using Microsoft.Data.Sqlite;

namespace ActorMail.Storage.Summaries;

/// <summary>
/// Message summaries by blob hash: an in-memory LRU in front of a SQLite cache database
/// (<c>summary-cache.db</c>, WAL, synchronous=NORMAL). The database is only a cache: a lost row is
/// recomputed from the blob. Writes to it are batched by a background loop; <see cref="Dispose"/> drains them.
/// </summary>
public sealed class MessageSummaryCache : IDisposable
{
    /// <summary>File name of the cache database inside its folder.</summary>
    public const string FileName = "summary-cache.db";

    private const int MaxBatch = 512;
    private readonly LruCache<string, MessageSummary> memory;
    private readonly SqliteConnection readConnection;
    private readonly Lock readGate = new();
    private readonly Channel<(string Hash, byte[] Data)> writes = Channel.CreateUnbounded<(string, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writeLoop;
    private readonly string connectionString;
    private long writeFailures;
    private int disposed;

    /// <summary>Opens (creating if needed) the cache database in <paramref name="directory"/>.</summary>
    /// <param name="directory">Folder of the cache database.</param>
    /// <param name="capacity">Most summaries kept in memory.</param>
    public MessageSummaryCache(string directory, int capacity = 20_000)
    {
        Directory.CreateDirectory(directory);
        memory = new LruCache<string, MessageSummary>(capacity, StringComparer.Ordinal);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Pooling = false,
        }.ToString();
        readConnection = OpenConnection();
        using (var create = readConnection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS message_summary(hash TEXT PRIMARY KEY, data BLOB NOT NULL);";
            create.ExecuteNonQuery();
        }

        writeLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Summaries currently held in memory.</summary>
    public int MemoryCount => memory.Count;

    /// <summary>Cache rows that could not be written (the summary is then recomputed when next needed).</summary>
    public long WriteFailures => Interlocked.Read(ref writeFailures);

    /// <summary>
    /// The summary of <paramref name="blob"/>: from memory, else from the cache database, else computed
    /// from the stream <paramref name="openBody"/> returns (which this method disposes) and cached.
    /// </summary>
    public ValueTask<MessageSummary> GetOrComputeAsync(BlobRef blob, Func<Stream> openBody, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        ct.ThrowIfCancellationRequested();
        if (memory.TryGet(blob.Hash, out var cached))
        {
            return ValueTask.FromResult(cached);
        }

        var stored = Load(blob.Hash);
        if (stored is not null)
        {
            memory.Set(blob.Hash, stored);
            return ValueTask.FromResult(stored);
        }

        MessageSummary computed;
        using (var body = openBody())
        {
            computed = MessageSummary.Compute(body);
        }

        Store(blob.Hash, computed);
        return ValueTask.FromResult(computed);
    }

    /// <summary>Computes and caches the summary of a body at hand (at delivery); the database write follows in the background.</summary>
    public Task PrimeAsync(BlobRef blob, ReadOnlyMemory<byte> body)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (!memory.TryGet(blob.Hash, out _))
        {
            Store(blob.Hash, MessageSummary.Compute(body));
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        writes.Writer.TryComplete();
        writeLoop.GetAwaiter().GetResult();
        lock (readGate)
        {
            readConnection.Dispose();
        }
    }

    private void Store(string hash, MessageSummary summary)
    {
        memory.Set(hash, summary);
        writes.Writer.TryWrite((hash, summary.Serialize()));
    }

    private MessageSummary? Load(string hash)
    {
        byte[]? data;
        lock (readGate)
        {
            using var select = readConnection.CreateCommand();
            select.CommandText = "SELECT data FROM message_summary WHERE hash = $hash";
            select.Parameters.AddWithValue("$hash", hash);
            data = select.ExecuteScalar() as byte[];
        }

        if (data is null)
        {
            return null;
        }

        try
        {
            return MessageSummary.Deserialize(data);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task WriteLoopAsync()
    {
        using var connection = OpenConnection();
        var reader = writes.Reader;
        var batch = new List<(string Hash, byte[] Data)>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT OR REPLACE INTO message_summary(hash, data) VALUES ($hash, $data)";
                var hashParameter = insert.Parameters.Add("$hash", SqliteType.Text);
                var dataParameter = insert.Parameters.Add("$data", SqliteType.Blob);
                foreach (var (hash, data) in batch)
                {
                    hashParameter.Value = hash;
                    dataParameter.Value = data;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            catch (SqliteException)
            {
                Interlocked.Add(ref writeFailures, batch.Count);
            }

            batch.Clear();
        }
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
