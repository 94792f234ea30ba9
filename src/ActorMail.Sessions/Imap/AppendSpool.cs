using ActorMail.Protocols.Imap;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// Receives one APPEND message literal: in memory up to <see cref="MemoryLimit"/>, beyond that in a
/// temporary file that is deleted when the spool is disposed or aborted. Nothing reaches the store
/// before the whole literal arrived.
/// </summary>
internal sealed class AppendSpool : ILiteralSink, IDisposable
{
    /// <summary>Largest message kept in memory.</summary>
    public const int MemoryLimit = 1024 * 1024;

    private MemoryStream? _memory = new();
    private FileStream? _file;
    private bool _aborted;

    public bool IsComplete { get; private set; }

    public long Length => _file?.Length ?? _memory?.Length ?? 0;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_aborted) return;
        if (_file is null && _memory!.Length + data.Length > MemoryLimit)
        {
            var path = Path.Combine(Path.GetTempPath(), "actormail-append-" + Guid.NewGuid().ToString("N"));
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
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

    /// <summary>The message bytes (read into memory for the blob store, which hashes and stores whole bodies).</summary>
    public async Task<ReadOnlyMemory<byte>> ReadAllAsync()
    {
        if (_file is null) return _memory!.GetBuffer().AsMemory(0, (int)_memory.Length);
        var bytes = new byte[_file.Length];
        _file.Position = 0;
        await _file.ReadExactlyAsync(bytes);
        return bytes;
    }

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
