using System.Buffers;
using ActorMail.Protocols.Imap;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The IMAP session's output: responses written into a buffer by <see cref="W"/>, then sent to the connection.
/// </summary>
/// <remarks>
/// Used only on the session's thread: <c>write</c> hands bytes to the connection (unflushed) and
/// <c>flushOutside</c> flushes them with reading paused should the client read slowly.
/// </remarks>
internal sealed class ImapOutput
{
    /// <summary>Output buffered before it is flushed to the client during long responses.</summary>
    private const int FlushThreshold = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _out = new(4096);
    private readonly Action<ReadOnlyMemory<byte>> _write;
    private readonly Func<Task> _flushOutside;

    public ImapOutput(Action<ReadOnlyMemory<byte>> write, Func<Task> flushOutside)
    {
        W = new ImapWriter(_out);
        _write = write;
        _flushOutside = flushOutside;
    }

    /// <summary>The response writer (into the buffer).</summary>
    public ImapWriter W { get; }

    /// <summary>Hands what is buffered to the connection, without flushing.</summary>
    public void Send()
    {
        if (_out.WrittenCount == 0) return;
        _write(_out.WrittenMemory);
        _out.ResetWrittenCount();
    }

    /// <summary>Hands bytes to the connection directly, past the buffer (a streamed literal's chunk).</summary>
    public void Write(ReadOnlyMemory<byte> bytes) => _write(bytes);

    /// <summary>Flushes what the connection holds, with reading paused should the flush have to wait.</summary>
    public Task FlushAsync() => _flushOutside();

    /// <summary>During a long response: sends and flushes once the buffer holds more than the threshold.</summary>
    public async Task SendIfFullAsync()
    {
        if (_out.WrittenCount > FlushThreshold)
        {
            Send();
            await _flushOutside();
        }
    }
}
