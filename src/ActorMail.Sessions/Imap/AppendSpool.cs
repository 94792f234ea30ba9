using ActorMail.Core;
using ActorMail.Protocols.Imap;
using ActorMail.Sessions.Common;
using ActorMail.Storage.Blobs;
using ActorMail.Storage.Summaries;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// Receives one APPEND message literal into a <see cref="MessageSpool"/>: in memory up to
/// <see cref="MemoryLimit"/>, beyond that in a temporary file that goes when the spool is stored, aborted or
/// disposed. Nothing reaches the store before the whole literal arrived; a spooled file is streamed to the
/// store, never read whole into memory.
/// </summary>
internal sealed class AppendSpool : ILiteralSink, IDisposable
{
    /// <summary>Largest message kept in memory.</summary>
    public const int MemoryLimit = MessageSpool.DefaultMemoryLimit;

    private readonly MessageSpool _spool = new(Path.GetTempPath(), MemoryLimit);
    private bool _aborted;

    public bool IsComplete { get; private set; }

    public long Length => _spool.Length;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_aborted) return;
        _spool.Write(data);
    }

    public void Complete() => IsComplete = !_aborted;

    public void Abort()
    {
        _aborted = true;
        IsComplete = false;
        Dispose();
    }

    /// <summary>
    /// Stores the message in <paramref name="blobs"/> and caches its summary (a failure there only means it
    /// is computed again when needed), then releases the spool. A message in memory goes through the
    /// store's memory put (group commit); a spooled one is streamed from its file, and its summary is
    /// computed from the file.
    /// </summary>
    public async Task<BlobRef> StoreAsync(IBlobStore blobs, MessageSummaryCache summaries)
    {
        try
        {
            if (_spool.IsInMemory)
            {
                var bytes = _spool.Memory;
                var blob = await blobs.PutAsync(bytes).ConfigureAwait(false);
                await summaries.PrimeAsync(blob, bytes).ContinueWith(_ => true, TaskScheduler.Default).ConfigureAwait(false);
                return blob;
            }

            BlobRef stored;
            await using (var body = _spool.OpenRead())
            {
                stored = await blobs.PutAsync(body, CancellationToken.None).ConfigureAwait(false);
            }

            await Task.Run(() => summaries.GetOrComputeAsync(stored, _spool.OpenRead, CancellationToken.None).AsTask())
                .ContinueWith(_ => true, TaskScheduler.Default).ConfigureAwait(false);
            return stored;
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose() => _spool.Dispose();
}

/// <summary>Takes an APPEND literal that will be refused (wrong state) and forgets it.</summary>
internal sealed class DiscardSink : ILiteralSink
{
    public void Write(ReadOnlySpan<byte> data)
    {
    }

    public void Complete()
    {
    }

    public void Abort()
    {
    }
}
