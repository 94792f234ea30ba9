using System.Collections.Concurrent;
using System.Net;
using Serilog;

namespace ActorMail.Transport.Netty;

/// <summary>What all connections of one <see cref="TransportServer"/> share: logger, per-address counters, open connections.</summary>
internal sealed class ServerState
{
    private readonly RecentSet<(string Listener, IPAddress Address, RejectReason Reason)> loggedRefusals = new(4096);

    public ServerState(ILogger logger)
    {
        Logger = logger;
    }

    public ILogger Logger { get; }

    public ConnectionLimiter Limiter { get; } = new();

    public ConcurrentDictionary<ChannelConnection, byte> Connections { get; } = new();

    /// <summary>Logs a refused connection, once per listener, address and reason while it stays among the recent ones.</summary>
    public void LogRefusal(ListenerRuntime listener, IPAddress address, RejectReason reason)
    {
        if (!loggedRefusals.Add((listener.Options.Name, address, reason)))
        {
            return;
        }

        if (reason == RejectReason.AccessDenied)
        {
            Logger.Information("Refused connection to {Listener} from {RemoteAddress}: not allowed by the access rules", listener.Options.Name, address);
        }
        else
        {
            Logger.Warning(
                "Refused connection to {Listener} from {RemoteAddress}: more than {MaxConnectionsPerIp} connections from one address",
                listener.Options.Name,
                address,
                listener.Options.MaxConnectionsPerIp);
        }
    }
}
