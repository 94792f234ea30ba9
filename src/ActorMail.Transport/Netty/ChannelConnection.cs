using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using DotNetty.Buffers;
using DotNetty.Handlers.Tls;
using DotNetty.Transport.Channels;

namespace ActorMail.Transport.Netty;

/// <summary>
/// <see cref="IClientConnection"/> over a DotNetty channel. Every operation is queued on the channel's event loop,
/// so writes, flushes, the TLS upgrade and the close run in the order they were called.
/// </summary>
internal sealed class ChannelConnection : IClientConnection
{
    private const int Plain = 0;
    private const int Upgrading = 1;
    private const int Secure = 2;
    private static readonly TimeSpan CloseFlushLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes written but not yet handed to the socket above which <see cref="FlushAsync"/> waits for the socket;
    /// below it a flush is queued and the caller goes on at once (no thread hop per reply).
    /// </summary>
    internal const long FlushWaitThreshold = 128 * 1024;
    private static long nextId;

    private readonly IChannel channel;
    private readonly ListenerRuntime listener;
    private Task lastWrite = Task.CompletedTask;
    private int tlsState;
    private TaskCompletionSource? tlsCompletion;
    private SslStream? sslStream;
    private SslProtocols tlsProtocol;
    private readonly List<byte[]> gathered = [];
    private volatile bool paused;
    private long written;
    private long sent;

    public ChannelConnection(IChannel channel, ListenerRuntime listener)
    {
        this.channel = channel;
        this.listener = listener;
        Id = Interlocked.Increment(ref nextId).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
        RemoteEndPoint = Normalize(channel.RemoteAddress);
        LocalEndPoint = Normalize(channel.LocalAddress);
    }

    public string Id { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public string ListenerName => listener.Options.Name;

    public bool IsSecure => Volatile.Read(ref tlsState) == Secure;

    public SslProtocols TlsProtocol => IsSecure ? tlsProtocol : SslProtocols.None;

    public Task Completion => channel.CloseCompletion;

    /// <summary>True from the StartTlsAsync call until the handshake has succeeded: plaintext input is refused.</summary>
    internal bool IsUpgrading => Volatile.Read(ref tlsState) == Upgrading;

    internal bool IsPaused => paused;

    internal ConnectionBridge? Bridge { get; set; }

    public void Write(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        lock (gathered)
        {
            gathered.Add(data.ToArray());
        }

        Interlocked.Add(ref written, data.Length);
    }

    /// <remarks>
    /// Writes are gathered on the caller's side and handed to the event loop together with the flush, one queued
    /// task per flush. While less than <see cref="FlushWaitThreshold"/> bytes are on their way, the returned task is
    /// already complete: a client that reads its replies costs no wait. Above it the task completes once everything
    /// written so far has been handed to the socket, which is the back-pressure on a client that does not read.
    /// </remarks>
    public Task FlushAsync()
    {
        if (!channel.Active)
        {
            DropGathered();
            return Task.FromException(ClosedError());
        }

        long upTo = Interlocked.Read(ref written);
        var done = upTo - Interlocked.Read(ref sent) <= FlushWaitThreshold
            ? null
            : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = TakeGathered();
        if (!Post(() => FlushInLoop(batch, upTo, done)))
        {
            return Task.FromException(ClosedError());
        }

        return done?.Task ?? Task.CompletedTask;
    }

    public Task WriteAndFlushAsync(ReadOnlyMemory<byte> data)
    {
        Write(data);
        return FlushAsync();
    }

    public Task StartTlsAsync()
    {
        if (listener.TlsSettings is null)
        {
            return Task.FromException(new InvalidOperationException($"listener {ListenerName} has no certificate for TLS"));
        }

        if (Interlocked.CompareExchange(ref tlsState, Upgrading, Plain) != Plain)
        {
            return Task.FromException(new InvalidOperationException("TLS is already active on this connection"));
        }

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref tlsCompletion, completion);
        var batch = TakeGathered();
        if (!Post(() =>
        {
            WriteInLoop(batch);
            Bridge!.BeginTls();
        }))
        {
            completion.TrySetException(ClosedError());
        }

        return completion.Task;
    }

    public void PauseReading()
    {
        paused = true;
        Post(() => channel.Configuration.AutoRead = false);
    }

    public void ResumeReading()
    {
        paused = false;
        Post(() => channel.Configuration.AutoRead = true);
    }

    public Task CloseAsync()
    {
        var batch = TakeGathered();
        var posted = Post(() =>
        {
            WriteInLoop(batch);
            channel.Flush();
            var pending = IsSecure ? Task.WhenAll(lastWrite, SendCloseNotify()) : lastWrite;
            if (pending.IsCompleted)
            {
                channel.CloseAsync();
                return;
            }

            pending.ContinueWith(_ => channel.CloseAsync(), TaskContinuationOptions.ExecuteSynchronously);
            channel.EventLoop.Schedule(() => channel.CloseAsync(), CloseFlushLimit);
        });
        if (!posted)
        {
            channel.CloseAsync();
        }

        return channel.CloseCompletion;
    }

    /// <summary>
    /// Sends TLS close_notify after what was written (on the event loop, after the flush that wrapped
    /// the last data), so the client sees the end of the TLS session rather than a truncated stream.
    /// </summary>
    private Task SendCloseNotify()
    {
        try
        {
            return sslStream?.ShutdownAsync() ?? Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or AuthenticationException)
        {
            return Task.CompletedTask;
        }
    }

    public override string ToString() => $"{Id} {RemoteEndPoint} -> {ListenerName}";

    /// <summary>A server TLS handler that records its SslStream, so the negotiated protocol can be read.</summary>
    internal TlsHandler CreateTlsHandler() =>
        new(stream => sslStream = new SslStream(stream, true), listener.TlsSettings!);

    internal void TlsSucceeded()
    {
        tlsProtocol = sslStream?.SslProtocol ?? SslProtocols.None;
        Volatile.Write(ref tlsState, Secure);
    }

    internal void CompleteTlsTask() => Volatile.Read(ref tlsCompletion)?.TrySetResult();

    internal void TlsFailed(Exception? cause) =>
        Volatile.Read(ref tlsCompletion)?.TrySetException(cause as IOException ?? new IOException("TLS handshake failed", cause));

    internal static IPEndPoint Normalize(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => new IPEndPoint(ip.Address.MapToIPv4(), ip.Port),
        IPEndPoint ip => ip,
        _ => new IPEndPoint(IPAddress.None, 0),
    };

    /// <summary>On the event loop: writes the batch, flushes, and completes <paramref name="done"/> (if any) once the socket has it.</summary>
    private void FlushInLoop(byte[][] batch, long upTo, TaskCompletionSource? done)
    {
        if (!channel.Active)
        {
            done?.TrySetException(ClosedError());
            return;
        }

        WriteInLoop(batch);
        var pending = lastWrite;
        channel.Flush();
        pending.ContinueWith(
            t =>
            {
                MarkSent(upTo, t);
                if (t.IsCompletedSuccessfully)
                {
                    done?.TrySetResult();
                }
                else
                {
                    done?.TrySetException(ClosedError(t.Exception?.GetBaseException()));
                }
            },
            TaskContinuationOptions.ExecuteSynchronously);
    }

    /// <summary>Takes the writes gathered so far (in order) for the event loop.</summary>
    private byte[][] TakeGathered()
    {
        lock (gathered)
        {
            if (gathered.Count == 0)
            {
                return [];
            }

            var batch = gathered.ToArray();
            gathered.Clear();
            return batch;
        }
    }

    private void DropGathered()
    {
        lock (gathered)
        {
            gathered.Clear();
        }
    }

    /// <summary>On the event loop: queues the gathered writes on the channel (sent at the next flush).</summary>
    private void WriteInLoop(byte[][] batch)
    {
        foreach (var bytes in batch)
        {
            lastWrite = channel.WriteAsync(Unpooled.WrappedBuffer(bytes));
        }
    }

    /// <summary>Records that everything up to byte <paramref name="upTo"/> reached the socket.</summary>
    private void MarkSent(long upTo, Task write)
    {
        if (!write.IsCompletedSuccessfully)
        {
            return;
        }

        long seen = Interlocked.Read(ref sent);
        while (upTo > seen)
        {
            long found = Interlocked.CompareExchange(ref sent, upTo, seen);
            if (found == seen)
            {
                return;
            }

            seen = found;
        }
    }

    private static IOException ClosedError(Exception? inner = null) => new("the connection is closed", inner);

    private bool Post(Action action)
    {
        try
        {
            channel.EventLoop.Execute(action);
            return true;
        }
        catch (DotNetty.Common.Concurrency.RejectedExecutionException)
        {
            return false;
        }
    }
}
