using System.Text;
using ActorMail.Sessions.Common;
using ActorMail.Transport;
using Akka.Actor;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The IMAP listeners: <c>imap</c> (actormail.imap.port, plaintext with STARTTLS) and <c>imaps</c>
/// (actormail.imap.ssl-port, implicit TLS), sharing one per-IP limit group and one session supervisor.
/// Also starts the node's <see cref="AutoExpungeScheduler"/> when actormail.imap.auto-expunge-interval is set.
/// </summary>
public sealed class ImapServer : IProtocolServer
{
    /// <summary>Written to a connection refused because its address holds too many connections.</summary>
    public const string TooManyConnectionsReply = "* BYE [UNAVAILABLE] Too many connections";

    /// <summary>The per-IP limit group of both IMAP listeners.</summary>
    public const string LimitGroup = "imap";

    private static readonly byte[] TooManyConnections = Encoding.ASCII.GetBytes(TooManyConnectionsReply + "\r\n");

    public IReadOnlyList<(ListenerOptions Options, IConnectionHandler Handler)> CreateListeners(ActorSystem system, SessionServices services)
    {
        var settings = services.Settings.Imap;
        if (settings.AutoExpungeInterval is { } interval && interval > TimeSpan.Zero)
        {
            system.ActorOf(AutoExpungeScheduler.Props(services, interval), "imap-auto-expunge");
        }

        if (settings.Port == -1 && settings.SslPort == -1)
        {
            return [];
        }

        var supervisor = Listeners.Supervisor(system, "imap");
        var handler = new SessionConnectionHandler(supervisor, c => ImapSession.Props(c, services), OnRejected);
        return Listeners.PlainAndTls(services, "imap", settings.Port, settings.SslPort, settings.Timeout, settings.Access,
            settings.MaxConnectionsPerIp, handler);
    }

    private static void OnRejected(IClientConnection connection, RejectReason reason)
    {
        if (reason == RejectReason.TooManyConnections)
        {
            connection.Write(TooManyConnections);
        }
    }
}
