using System.Text;
using ActorMail.Transport;
using Akka.Actor;
using Serilog;

namespace ActorMail.Sessions.Common;

/// <summary>
/// Base of the SMTP, IMAP and POP3 session actors: one per connection, stopped with it.
/// Handlers may await (the actor takes its next message only when a handler is done), and while
/// a handler awaits, reading from the socket is paused, so a client can never queue unbounded
/// input. Handlers must not use ConfigureAwait(false): their continuations need the actor's
/// context. An unexpected exception stops the session; <see cref="PostStop"/> then writes the
/// protocol's farewell and closes the connection.
/// </summary>
/// <remarks>
/// Handlers registered with <see cref="ReceiveInline{T}"/> run at once on the actor's thread. Most complete
/// without waiting (a command answered from memory, a reply queued on the socket), and then cost nothing more
/// than a plain receive. One that waits keeps the session busy: its continuations come back as messages
/// (<see cref="SessionSynchronizationContext"/>) and everything else is stashed until it is done, then
/// handled in arrival order.
/// </remarks>
public abstract class ProtocolSession : ReceiveActor, IWithUnboundedStash
{
    private readonly SessionSynchronizationContext _context;
    private bool _closing;
    private Task? _running;

    public IStash Stash { get; set; } = null!;

    protected IClientConnection Connection { get; }
    protected SessionServices Services { get; }
    protected ILogger Log { get; }
    protected ProtocolLogger ProtocolLog { get; }

    /// <summary>Protocol name for logs: smtp, imap, pop3.</summary>
    protected abstract string ProtocolName { get; }

    protected ProtocolSession(IClientConnection connection, SessionServices services, string protocol)
    {
        Connection = connection;
        Services = services;
        var remote = connection.RemoteEndPoint.ToString();
        Log = Serilog.Log.ForContext("SourceContext", "ActorMail.Sessions." + protocol)
            .ForContext("Listener", connection.ListenerName)
            .ForContext("ConnectionId", connection.Id)
            .ForContext("Remote", remote);
        ProtocolLog = new ProtocolLogger(services.Settings.Log.Protocol, protocol, connection.Id, remote);
        _context = new SessionSynchronizationContext(Self);

        ReceiveInline<ConnectionData>(async d =>
        {
            if (_closing) return;
            if (TlsPending)
            {
                // Plaintext that arrived between STARTTLS/STLS and the end of the handshake: never executed.
                Log.Warning("Plaintext input during the TLS handshake; closing");
                await CloseAsync();
                return;
            }
            await OnDataAsync(d.Chunk);
        });
        ReceiveInline<ConnectionTlsEstablished>(async _ =>
        {
            if (_closing) return;
            TlsPending = false;
            await OnTlsEstablishedAsync();
        });
        ReceiveInline<ConnectionIdle>(async _ =>
        {
            if (_closing) return;
            await OnIdleAsync();
        });
        Receive<ConnectionClosed>(_ =>
        {
            _closing = true;
            Context.Stop(Self);
        });
    }

    /// <summary>Registers an asynchronous handler that runs inline (see the remarks on this class).</summary>
    protected void ReceiveInline<T>(Func<T, Task> handler) => Receive<T>(m => RunInline(() => handler(m)));

    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is SessionContinuation continuation)
        {
            Resume(continuation);
            return true;
        }

        if (_running is not null)
        {
            Stash.Stash();
            return true;
        }

        return base.AroundReceive(receive, message);
    }

    private void RunInline(Func<Task> handler)
    {
        var task = InSessionContext(handler);
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        _running = task;
    }

    private void Resume(SessionContinuation continuation)
    {
        InSessionContext(() =>
        {
            continuation.Callback(continuation.State);
            return Task.CompletedTask;
        });
        if (_running is { IsCompleted: true } done)
        {
            _running = null;
            Stash.UnstashAll();
            done.GetAwaiter().GetResult();
        }
    }

    /// <summary>Runs <paramref name="step"/> with continuations of its awaits routed back into this actor.</summary>
    private Task InSessionContext(Func<Task> step)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            return step();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Bytes from the client, in order.</summary>
    protected abstract Task OnDataAsync(ReadOnlyMemory<byte> chunk);

    /// <summary>The STARTTLS/STLS handshake completed.</summary>
    protected virtual Task OnTlsEstablishedAsync() => Task.CompletedTask;

    /// <summary>The idle timeout elapsed: say goodbye (e.g. 421 4.4.2) and close.</summary>
    protected abstract Task OnIdleAsync();

    /// <summary>The line written before closing when the session stops unexpectedly (e.g. 421 4.3.0, * BYE, -ERR).</summary>
    protected abstract string Farewell { get; }

    protected bool IsClosing => _closing;

    /// <summary>True from <see cref="UpgradeToTlsAsync"/> until the handshake completes: no input is processed meanwhile.</summary>
    protected bool TlsPending { get; private set; }

    /// <summary>
    /// STARTTLS/STLS after the go-ahead reply has been written (and any input pipelined behind the
    /// command dealt with): flushes the reply in plaintext, then runs the handshake. Input that
    /// arrives before the handshake completes closes the connection unread; a failed handshake
    /// closes it too.
    /// </summary>
    protected async Task UpgradeToTlsAsync()
    {
        TlsPending = true;
        try
        {
            await Connection.StartTlsAsync();
        }
        catch (Exception e)
        {
            Log.Debug("TLS handshake failed: {Reason}", e.GetBaseException().Message);
            await CloseAsync();
        }
    }

    /// <summary>Writes (without flushing) a line; CRLF is appended.</summary>
    protected void WriteLine(string line)
    {
        ProtocolLog.Server(line);
        Connection.Write(Encoding.UTF8.GetBytes(line + "\r\n"));
    }

    protected void Write(ReadOnlyMemory<byte> bytes) => Connection.Write(bytes);

    protected Task FlushAsync() => Connection.FlushAsync();

    /// <summary>Flushes what was written, with reading paused should the flush have to wait for a slow reader.</summary>
    protected async Task FlushOutsideAsync()
    {
        var flush = Connection.FlushAsync();
        if (flush.IsCompleted)
        {
            await flush;
            return;
        }

        Connection.PauseReading();
        try
        {
            await flush;
        }
        finally
        {
            if (!_closing) Connection.ResumeReading();
        }
    }

    /// <summary>
    /// Awaits work outside the actor (directory, blob store, ingest log) with reading paused, so
    /// that input piles up in the socket, not in memory.
    /// </summary>
    protected async Task<T> Outside<T>(Task<T> work)
    {
        if (work.IsCompleted) return await work;
        Connection.PauseReading();
        try
        {
            return await work;
        }
        finally
        {
            if (!_closing) Connection.ResumeReading();
        }
    }

    /// <summary>Flushes what was written, closes the connection and stops the session.</summary>
    protected async Task CloseAsync()
    {
        if (_closing) return;
        _closing = true;
        try
        {
            await Connection.CloseAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the client went away first
        }
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        if (!_closing)
        {
            _closing = true;
            try
            {
                ProtocolLog.Server(Farewell);
                _ = Connection.WriteAndFlushAsync(Encoding.UTF8.GetBytes(Farewell + "\r\n"))
                    .ContinueWith(_ => Connection.CloseAsync(), TaskScheduler.Default);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                _ = Connection.CloseAsync();
            }
        }
        base.PostStop();
    }
}
