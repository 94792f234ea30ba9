using DotNetty.Buffers;
using DotNetty.Common.Utilities;
using DotNetty.Handlers.Timeout;
using DotNetty.Handlers.Tls;
using DotNetty.Transport.Channels;

namespace ActorMail.Transport.Netty;

/// <summary>
/// The last handler of a connection's pipeline: admits or refuses the connection, hands input to the sink and
/// enforces the STARTTLS guard. DotNetty runs every method on the channel's event loop, so sink calls never overlap.
/// </summary>
internal sealed class ConnectionBridge : ChannelHandlerAdapter
{
    internal const string TlsHandlerName = "tls";

    private readonly ChannelConnection connection;
    private readonly ListenerRuntime listener;
    private readonly ServerState state;
    private IChannelHandlerContext? context;
    private IConnectionSink? sink;
    private bool counted;
    private RejectReason? rejectAfterHandshake;
    private bool tlsInserted;
    private bool closing;
    private IByteBuffer? heldHandshake;

    public ConnectionBridge(ChannelConnection connection, ListenerRuntime listener, ServerState state)
    {
        this.connection = connection;
        this.listener = listener;
        this.state = state;
    }

    public override void ChannelActive(IChannelHandlerContext ctx)
    {
        context = ctx;
        state.Connections.TryAdd(connection, 0);
        var address = connection.RemoteEndPoint.Address;
        if (!listener.Options.Access.IsAllowed(address))
        {
            state.LogRefusal(listener, address, RejectReason.AccessDenied);
            Reject(ctx, RejectReason.AccessDenied);
        }
        else if (!state.Limiter.TryAcquire(listener.LimitGroup, address, listener.Options.MaxConnectionsPerIp))
        {
            state.LogRefusal(listener, address, RejectReason.TooManyConnections);
            if (listener.Options.ImplicitTls)
            {
                // The refusal reply can only be read once the handshake is done.
                rejectAfterHandshake = RejectReason.TooManyConnections;
            }
            else
            {
                Reject(ctx, RejectReason.TooManyConnections);
            }
        }
        else
        {
            counted = true;
            if (!listener.Options.ImplicitTls)
            {
                Admit(ctx);
            }
        }

        ctx.FireChannelActive();
    }

    public override void ChannelRead(IChannelHandlerContext ctx, object message)
    {
        if (message is not IByteBuffer buffer)
        {
            ReferenceCountUtil.Release(message);
            return;
        }

        try
        {
            if (sink is null || closing || !buffer.IsReadable())
            {
                return;
            }

            if (connection.IsUpgrading)
            {
                GuardUpgrade(ctx, buffer);
                return;
            }

            var bytes = new byte[buffer.ReadableBytes];
            buffer.ReadBytes(bytes);
            var target = sink;
            Deliver(ctx, () => target.OnData(bytes));
        }
        finally
        {
            buffer.Release();
        }
    }

    public override void UserEventTriggered(IChannelHandlerContext ctx, object evt)
    {
        switch (evt)
        {
            case TlsHandshakeCompletionEvent { IsSuccessful: true }:
                HandshakeSucceeded(ctx);
                break;
            case TlsHandshakeCompletionEvent failed:
                state.Logger.Debug("{ConnectionId} TLS handshake failed: {Reason}", connection.Id, failed.Exception?.GetBaseException().Message);
                connection.TlsFailed(failed.Exception);
                Close(ctx);
                break;
            case IdleStateEvent { State: IdleState.ReaderIdle }:
                if (sink is null)
                {
                    Close(ctx);
                }
                else if (!connection.IsPaused && !closing)
                {
                    var target = sink;
                    Deliver(ctx, target.OnIdle);
                }

                break;
            default:
                ctx.FireUserEventTriggered(evt);
                break;
        }
    }

    public override void ChannelInactive(IChannelHandlerContext ctx)
    {
        closing = true;
        heldHandshake?.Release();
        heldHandshake = null;
        if (counted)
        {
            counted = false;
            state.Limiter.Release(listener.LimitGroup, connection.RemoteEndPoint.Address);
        }

        connection.TlsFailed(new IOException("the connection closed before the TLS handshake completed"));
        state.Connections.TryRemove(connection, out _);
        var target = sink;
        sink = null;
        if (target is not null)
        {
            try
            {
                target.OnClosed();
            }
            catch (Exception ex)
            {
                state.Logger.Error(ex, "{ConnectionId} connection handler failed on close", connection.Id);
            }
        }

        ctx.FireChannelInactive();
    }

    public override void ExceptionCaught(IChannelHandlerContext ctx, Exception exception)
    {
        state.Logger.Debug("{ConnectionId} transport error: {Reason}", connection.Id, exception.GetBaseException().Message);
        Close(ctx);
    }

    /// <summary>
    /// Runs on the event loop after every write queued before StartTlsAsync: flushes them in plaintext, then puts
    /// the TLS handler first in the pipeline so that everything read or written from here on goes through it.
    /// </summary>
    internal void BeginTls()
    {
        var ctx = context;
        if (ctx is null || closing || !ctx.Channel.Active)
        {
            connection.TlsFailed(new IOException("the connection is closed"));
            return;
        }

        ctx.Channel.Flush();
        ctx.Channel.Pipeline.AddFirst(TlsHandlerName, connection.CreateTlsHandler());
        tlsInserted = true;
        if (heldHandshake is { } held)
        {
            heldHandshake = null;
            ctx.Channel.Pipeline.FireChannelRead(held);
            ctx.Channel.Pipeline.FireChannelReadComplete();
        }
    }

    /// <summary>
    /// Input while the upgrade is pending (StartTlsAsync was called off the event loop and its insertion has not run
    /// yet). A handshake record is kept and given to the TLS handler; anything else closes the connection unread.
    /// </summary>
    private void GuardUpgrade(IChannelHandlerContext ctx, IByteBuffer buffer)
    {
        var held = heldHandshake?.ReadableBytes ?? 0;
        var decision = StartTlsGuard.Classify(tlsInserted, held, buffer.GetByte(buffer.ReaderIndex), buffer.ReadableBytes);
        if (decision == PendingUpgradeInput.HoldForTls)
        {
            heldHandshake ??= Unpooled.Buffer(buffer.ReadableBytes);
            heldHandshake.WriteBytes(buffer);
            return;
        }

        state.Logger.Information(
            "{ConnectionId} closed: plaintext received from {RemoteAddress} after STARTTLS, before the TLS handshake",
            connection.Id,
            connection.RemoteEndPoint.Address);
        Close(ctx);
    }

    private void HandshakeSucceeded(IChannelHandlerContext ctx)
    {
        connection.TlsSucceeded();
        if (closing)
        {
            return;
        }

        if (listener.Options.ImplicitTls)
        {
            if (rejectAfterHandshake is { } reason)
            {
                Reject(ctx, reason);
            }
            else if (counted)
            {
                Admit(ctx);
            }

            return;
        }

        if (sink is { } target)
        {
            Deliver(ctx, target.OnTlsEstablished);
        }

        connection.CompleteTlsTask();
    }

    private void Admit(IChannelHandlerContext ctx)
    {
        try
        {
            sink = listener.Handler.OnConnected(connection);
        }
        catch (Exception ex)
        {
            state.Logger.Error(ex, "{ConnectionId} connection handler failed to accept the connection", connection.Id);
            Close(ctx);
        }
    }

    private void Reject(IChannelHandlerContext ctx, RejectReason reason)
    {
        closing = true;
        ctx.Channel.Configuration.AutoRead = false;
        try
        {
            listener.Handler.OnRejected(connection, reason);
        }
        catch (Exception ex)
        {
            state.Logger.Error(ex, "{ConnectionId} connection handler failed on a refused connection", connection.Id);
        }

        _ = connection.CloseAsync();
    }

    private void Deliver(IChannelHandlerContext ctx, Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex)
        {
            state.Logger.Error(ex, "{ConnectionId} connection handler failed; closing the connection", connection.Id);
            Close(ctx);
        }
    }

    private void Close(IChannelHandlerContext ctx)
    {
        closing = true;
        ctx.CloseAsync();
    }
}
