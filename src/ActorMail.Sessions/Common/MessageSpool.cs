using System.Buffers;
using ActorMail.Core.IO;
using Microsoft.Win32.SafeHandles;

namespace ActorMail.Sessions.Common;

/// <summary>
/// A message being received (SMTP DATA/BDAT, IMAP APPEND): kept in memory up to a bound, beyond that in a
/// temporary file of its own, so that a session never holds more than the bound of any message.
/// The file is removed from its folder right after it is created (on Windows the system deletes it when
/// its handle closes): it lives only as long as the spool, and a process that dies leaves nothing behind.
/// Files that a crash between creation and removal could leave carry <see cref="FilePattern"/>'s name
/// and are deleted by <see cref="DeleteLeftovers"/> at the next start.
/// </summary>
/// <remarks>
/// Not thread-safe: one writer, then readers through <see cref="OpenRead"/>; dispose once done. A file that
/// cannot be created or written (disk full) does not throw at the writer: the spool records
/// <see cref="Failure"/> and discards the rest, so that the protocol can read the message to its end and then
/// answer it.
/// </remarks>
internal sealed class MessageSpool : IBufferWriter<byte>, IDisposable
{
    /// <summary>Largest message kept in memory (1 MiB).</summary>
    public const int DefaultMemoryLimit = 1024 * 1024;

    /// <summary>The name pattern of spool files.</summary>
    public const string FilePattern = "spool-*.tmp";

    private const int InitialMemory = 16 * 1024;
    private const int MinFileBuffer = 64 * 1024;

    private readonly string _directory;
    private readonly int _memoryLimit;

    // in memory: _buffer[0.._used] is the message; spooled: _buffer[0.._used] follows _fileLength bytes in the file
    private byte[] _buffer = [];
    private int _used;
    private SafeFileHandle? _file;
    private long _fileLength;
    private bool _disposed;
    private Exception? _failure;

    /// <param name="directory">Folder of the temporary file (created when needed).</param>
    /// <param name="memoryLimit">Bytes kept in memory before the spool moves to a file.</param>
    public MessageSpool(string directory, int memoryLimit = DefaultMemoryLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryLimit);
        _directory = directory;
        _memoryLimit = memoryLimit;
    }

    /// <summary>Bytes written so far (after a <see cref="Failure"/>: those kept before it).</summary>
    public long Length => _failure is null ? _fileLength + _used : _fileLength;

    /// <summary>True while the whole message is in memory (see <see cref="Memory"/>).</summary>
    public bool IsInMemory => _file is null && _failure is null;

    /// <summary>Why the spool file could not be created or written; the message is then incomplete.</summary>
    public Exception? Failure => _failure;

    /// <summary>The message while <see cref="IsInMemory"/>; valid until the next write or dispose.</summary>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!IsInMemory) throw new InvalidOperationException("the message is not in memory");
            return _buffer.AsMemory(0, _used);
        }
    }

    /// <summary>Appends bytes.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var span = GetSpan();
            int n = Math.Min(span.Length, data.Length);
            data[..n].CopyTo(span);
            Advance(n);
            data = data[n..];
        }
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int need = Math.Max(sizeHint, 1);
        if (_failure is not null)
        {
            // failed: the rest of the message is read into a scratch buffer and dropped
            _used = 0;
            if (_buffer.Length < need) _buffer = new byte[Math.Max(need, MinFileBuffer)];
            return _buffer;
        }
        if (_buffer.Length - _used >= need) return _buffer.AsMemory(_used);
        if (_file is null)
        {
            if ((long)_used + need <= _memoryLimit)
            {
                int size = (int)Math.Min(_memoryLimit, Math.Max(Math.Max(InitialMemory, _buffer.Length * 2L), (long)_used + need));
                Array.Resize(ref _buffer, size);
                return _buffer.AsMemory(_used);
            }
            if (!TryFile(MoveToFile)) return GetMemory(sizeHint);
        }
        if (!TryFile(FlushBuffer)) return GetMemory(sizeHint);
        if (_buffer.Length < need) _buffer = new byte[Math.Max(need, MinFileBuffer)];
        return _buffer.AsMemory(_used);
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _used) throw new InvalidOperationException("advanced past the buffer");
        _used += count;
    }

    /// <summary>
    /// A read stream of its own over the message written so far, from its first byte. It does not own the
    /// spool and stops working when the spool is disposed.
    /// </summary>
    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is null && _failure is null) return new MemoryStream(_buffer, 0, _used, writable: false);
        Flush();
        if (_failure is not null) throw new IOException("the message could not be spooled", _failure);
        return new SpoolReadStream(_file!, _fileLength);
    }

    /// <summary>Writes what is buffered to the spool file (if any); a failure shows in <see cref="Failure"/>.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is not null) TryFile(FlushBuffer);
    }

    /// <summary>Drops the message: memory released, the file (if any) closed and gone.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _file?.Dispose();
        _file = null;
        _buffer = [];
        _used = 0;
    }

    /// <summary>
    /// Deletes the spool files a process that died left in <paramref name="directory"/>. Call it only for a
    /// folder no running spool uses (at node start, under the data folder's lock). Returns the number deleted.
    /// </summary>
    public static int DeleteLeftovers(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        int deleted = 0;
        foreach (var path in Directory.EnumerateFiles(directory, FilePattern))
        {
            try
            {
                File.Delete(path);
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // still open elsewhere (Windows) or not ours to delete: left alone
            }
        }
        return deleted;
    }

    private bool TryFile(Action step)
    {
        try
        {
            step();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = e;
            _file?.Dispose();
            _file = null;
            _used = 0;
            return false;
        }
    }

    private void MoveToFile()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "spool-" + Guid.NewGuid().ToString("N") + ".tmp");
        bool windows = OperatingSystem.IsWindows();
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, windows ? FileShare.Delete : FileShare.Read,
            windows ? FileOptions.DeleteOnClose : FileOptions.None);
        if (!windows)
        {
            try
            {
                File.Delete(path);
            }
            catch
            {
                _file.Dispose();
                _file = null;
                throw;
            }
        }
        _fileLength = 0;
        FlushBuffer();
        if (_buffer.Length < MinFileBuffer) _buffer = new byte[MinFileBuffer];
    }

    private void FlushBuffer()
    {
        if (_used == 0) return;
        RandomAccess.Write(_file!, _buffer.AsSpan(0, _used), _fileLength);
        _fileLength += _used;
        _used = 0;
    }

    /// <summary>A seekable read-only view of the spool file; reads at its own position, never closes the file.</summary>
    private sealed class SpoolReadStream(SafeFileHandle file, long length) : ReadOnlySeekableStream
    {
        public override long Length => length;

        public override int Read(Span<byte> buffer)
        {
            if (Cursor >= length || buffer.IsEmpty) return 0;
            if (buffer.Length > length - Cursor) buffer = buffer[..(int)(length - Cursor)];
            int n = RandomAccess.Read(file, buffer, Cursor);
            Cursor += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Cursor >= length || buffer.IsEmpty) return 0;
            if (buffer.Length > length - Cursor) buffer = buffer[..(int)(length - Cursor)];
            int n = await RandomAccess.ReadAsync(file, buffer, Cursor, cancellationToken).ConfigureAwait(false);
            Cursor += n;
            return n;
        }
    }
}
