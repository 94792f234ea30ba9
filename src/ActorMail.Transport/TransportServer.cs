using System.Net;
using System.Net.Sockets;
using ActorMail.Transport.Netty;
using DotNetty.Handlers.Timeout;
using DotNetty.Transport.Bootstrapping;
using DotNetty.Transport.Channels;
using DotNetty.Transport.Channels.Sockets;
using Serilog;

namespace ActorMail.Transport;

/// <summary>
/// Runs a set of TCP listeners (plain, STARTTLS-capable or implicit TLS), applies access rules and per-address
/// connection limits, and hands each admitted connection to its listener's <see cref="IConnectionHandler"/>.
/// </summary>
public sealed class TransportServer : IAsyncDisposable
{
    private const int NotStarted = 0;
    private const int Running = 1;
    private const int Stopped = 2;
    private static readonly TimeSpan ConnectionCloseLimit = TimeSpan.FromSeconds(5);

    /// <summary>How long a shutdown waits for the event-loop groups to confirm their termination.</summary>
    private static readonly TimeSpan GroupShutdownLimit = TimeSpan.FromSeconds(5);

    private readonly ServerState state;
    private readonly List<IChannel> listenerChannels = new();
    private readonly List<IPEndPoint> boundEndPoints = new();
    private MultithreadEventLoopGroup? bossGroup;
    private MultithreadEventLoopGroup? workerGroup;
    private int lifecycle;

    /// <param name="logger">Logger for listener and refusal events; defaults to Serilog's static logger.</param>
    public TransportServer(ILogger? logger = null)
    {
        state = new ServerState((logger ?? Log.Logger).ForContext<TransportServer>());
    }

    /// <summary>The addresses actually bound, in the order the listeners were given (ephemeral ports resolved).</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints
    {
        get
        {
            lock (boundEndPoints)
            {
                return boundEndPoints.ToArray();
            }
        }
    }

    /// <summary>Connections currently open, refused ones included until they are closed.</summary>
    public int ConnectionCount => state.Connections.Count;

    /// <summary>
    /// Binds every listener, or none: when one cannot bind, those already bound are closed and a
    /// <see cref="ListenerBindException"/> is thrown. May be called once.
    /// </summary>
    public async Task StartAsync(IEnumerable<(ListenerOptions Options, IConnectionHandler Handler)> listeners)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        var runtimes = listeners.Select(l => Validate(l.Options, l.Handler)).ToList();
        if (Interlocked.CompareExchange(ref lifecycle, Running, NotStarted) != NotStarted)
        {
            throw new InvalidOperationException("the transport server was already started");
        }

        bossGroup = new MultithreadEventLoopGroup(1);
        workerGroup = new MultithreadEventLoopGroup(Environment.ProcessorCount);
        try
        {
            foreach (var runtime in runtimes)
            {
                var channel = await BindAsync(runtime, bossGroup, workerGroup).ConfigureAwait(false);
                var bound = ChannelConnection.Normalize(channel.LocalAddress);
                lock (boundEndPoints)
                {
                    listenerChannels.Add(channel);
                    boundEndPoints.Add(bound);
                }

                state.Logger.Information(
                    "Listening on {EndPoint} ({Listener}{Tls})",
                    bound,
                    runtime.Options.Name,
                    runtime.Options.ImplicitTls ? ", implicit TLS" : string.Empty);
            }
        }
        catch
        {
            await ShutdownAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the listeners, then every open connection (pending writes flushed), then the event loops.</summary>
    public Task StopAsync() => Interlocked.Exchange(ref lifecycle, Stopped) == Running ? ShutdownAsync() : Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static ListenerRuntime Validate(ListenerOptions options, IConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        if (options.ImplicitTls && options.Certificate is null)
        {
            throw new ArgumentException($"listener {options.Name} uses implicit TLS but has no certificate", nameof(options));
        }

        if (options.Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"the certificate of listener {options.Name} has no private key", nameof(options));
        }

        return new ListenerRuntime(options, handler);
    }

    private async Task<IChannel> BindAsync(ListenerRuntime runtime, IEventLoopGroup boss, IEventLoopGroup workers)
    {
        var options = runtime.Options;
        var bootstrap = new ServerBootstrap()
            .Group(boss, workers)
            .ChannelFactory(() => new TcpServerSocketChannel(options.EndPoint.AddressFamily))
            .Option(ChannelOption.SoBacklog, 512)
            .ChildOption(ChannelOption.TcpNodelay, true)
            .ChildHandler(new ActionChannelInitializer<ISocketChannel>(channel => InitializeChannel(channel, runtime)));
        try
        {
            return await bootstrap.BindAsync(options.EndPoint).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var socketError = FindSocketException(ex);
            throw new ListenerBindException(
                options.Name,
                options.EndPoint,
                options.SettingsKeyForPort,
                socketError?.SocketErrorCode ?? SocketError.SocketError,
                socketError?.Message ?? ex.GetBaseException().Message,
                ex);
        }
    }

    private void InitializeChannel(ISocketChannel channel, ListenerRuntime runtime)
    {
        var connection = new ChannelConnection(channel, runtime);
        var bridge = new ConnectionBridge(connection, runtime, state);
        connection.Bridge = bridge;
        if (runtime.Options.ImplicitTls)
        {
            channel.Pipeline.AddLast(ConnectionBridge.TlsHandlerName, connection.CreateTlsHandler());
        }

        if (runtime.Options.IdleTimeout > TimeSpan.Zero)
        {
            channel.Pipeline.AddLast("idle", new IdleStateHandler(runtime.Options.IdleTimeout, TimeSpan.Zero, TimeSpan.Zero));
        }

        channel.Pipeline.AddLast("connection", bridge);
    }

    private async Task ShutdownAsync()
    {
        IChannel[] channels;
        lock (boundEndPoints)
        {
            channels = listenerChannels.ToArray();
            listenerChannels.Clear();
        }

        foreach (var channel in channels)
        {
            await IgnoreFailure(channel.CloseAsync()).ConfigureAwait(false);
        }

        var closing = state.Connections.Keys.Select(c => IgnoreFailure(c.CloseAsync())).ToArray();
        await Task.WhenAny(Task.WhenAll(closing), Task.Delay(ConnectionCloseLimit)).ConfigureAwait(false);

        // DotNetty's termination task of an event-loop group has been seen never to complete (its threads
        // already gone): the wait is bounded, and the groups' background threads never hold the process.
        var groups = new[] { bossGroup, workerGroup }.OfType<MultithreadEventLoopGroup>()
            .Select(g => g.ShutdownGracefullyAsync(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        await Task.WhenAny(IgnoreFailure(Task.WhenAll(groups)), Task.Delay(GroupShutdownLimit)).ConfigureAwait(false);
    }

    private static SocketException? FindSocketException(Exception? ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is SocketException socketException)
            {
                return socketException;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
            {
                return FindSocketException(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }

    private static async Task IgnoreFailure(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Shutting down: a connection that fails to close cleanly is closed by the event loop's shutdown.
        }
    }
}
