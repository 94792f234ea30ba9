using ActorMail.Core;
using ActorMail.Protocols.Imap;
using ActorMail.Storage.Blobs;
using ActorMail.Storage.Summaries;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// Receives one APPEND message literal: in memory up to <see cref="MemoryLimit"/>, beyond that in a
/// temporary file that is deleted when the spool is disposed or aborted. Nothing reaches the store
/// before the whole literal arrived; a spooled file is streamed to the store, never read whole into memory.
/// </summary>
internal sealed class AppendSpool : ILiteralSink, IDisposable
{
    /// <summary>Largest message kept in memory.</summary>
    public const int MemoryLimit = 1024 * 1024;

    private MemoryStream? _memory = new();
    private FileStream? _file;
    private string? _path;
    private bool _aborted;

    public bool IsComplete { get; private set; }

    public long Length => _file?.Length ?? _memory?.Length ?? 0;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_aborted) return;
        if (_file is null && _memory!.Length + data.Length > MemoryLimit)
        {
            _path = Path.Combine(Path.GetTempPath(), "actormail-append-" + Guid.NewGuid().ToString("N"));
            _file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose);
            _memory.Position = 0;
            _memory.CopyTo(_file);
            _memory = null;
        }

        if (_file is not null) _file.Write(data);
        else _memory!.Write(data);
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
    /// is computed again when needed). A message in memory goes through the store's memory put (group
    /// commit); a spooled one is streamed from its file, and its summary is computed from the file.
    /// </summary>
    public async Task<BlobRef> StoreAsync(IBlobStore blobs, MessageSummaryCache summaries)
    {
        if (_file is null)
        {
            var bytes = _memory!.GetBuffer().AsMemory(0, (int)_memory.Length);
            var blob = await blobs.PutAsync(bytes).ConfigureAwait(false);
            await summaries.PrimeAsync(blob, bytes).ContinueWith(_ => true, TaskScheduler.Default).ConfigureAwait(false);
            return blob;
        }

        _file.Flush();
        BlobRef stored;
        await using (var body = OpenSpooled())
        {
            stored = await blobs.PutAsync(body, CancellationToken.None).ConfigureAwait(false);
        }

        await Task.Run(() => summaries.GetOrComputeAsync(stored, OpenSpooled, CancellationToken.None).AsTask())
            .ContinueWith(_ => true, TaskScheduler.Default).ConfigureAwait(false);
        return stored;
    }

    /// <summary>A read stream of its own over the spool file (which stays until the spool is disposed).</summary>
    private FileStream OpenSpooled() =>
        new(_path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        _memory = null;
    }
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
