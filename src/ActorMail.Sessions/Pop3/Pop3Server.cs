using System.Text;
using ActorMail.Sessions.Common;
using ActorMail.Transport;
using Akka.Actor;

namespace ActorMail.Sessions.Pop3;

/// <summary>
/// The POP3 listeners: <c>pop3</c> (actormail.pop3.port, plaintext with STLS) and <c>pop3s</c>
/// (actormail.pop3.ssl-port, implicit TLS), sharing one per-IP limit group, one session supervisor
/// and the node's maildrop locks.
/// </summary>
public sealed class Pop3Server : IProtocolServer
{
    /// <summary>Written to a connection refused because its address holds too many connections.</summary>
    public const string TooManyConnectionsReply = "-ERR [SYS/TEMP] too many connections";

    /// <summary>The per-IP limit group of both POP3 listeners.</summary>
    public const string LimitGroup = "pop3";

    private static readonly byte[] TooManyConnections = Encoding.ASCII.GetBytes(TooManyConnectionsReply + "\r\n");

    public IReadOnlyList<(ListenerOptions Options, IConnectionHandler Handler)> CreateListeners(ActorSystem system, SessionServices services)
    {
        var settings = services.Settings.Pop3;
        if (settings.Port == -1 && settings.SslPort == -1)
        {
            return [];
        }

        var supervisor = Listeners.Supervisor(system, "pop3");
        var locks = new MaildropLocks();
        var handler = new SessionConnectionHandler(supervisor, c => Pop3Session.Props(c, services, locks), OnRejected);
        return Listeners.PlainAndTls(services, "pop3", settings.Port, settings.SslPort, settings.Timeout, settings.Access,
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
