using System.Text;
using ActorMail.Protocols.Smtp;
using ActorMail.Sessions.Common;
using ActorMail.Transport;
using Akka.Actor;

namespace ActorMail.Sessions.Smtp;

/// <summary>
/// The SMTP protocol server: listeners smtp (plain + STARTTLS), submission (AUTH required) and smtps
/// (implicit TLS), sharing one session supervisor and the per-IP limit group "smtp". At start it deletes
/// the spool files of messages a previous process was receiving when it died.
/// </summary>
/// <param name="limits">Command, AUTH and DATA line limits of every session; <see cref="SmtpLimits.Default"/> when null.</param>
public sealed class SmtpServer(SmtpLimits? limits = null) : IProtocolServer
{
    /// <summary>The per-IP connection limit group of every SMTP listener.</summary>
    public const string LimitGroup = "smtp";

    public IReadOnlyList<(ListenerOptions Options, IConnectionHandler Handler)> CreateListeners(ActorSystem system, SessionServices services)
    {
        var smtp = services.Settings.Smtp;
        // messages a process that died was receiving (the node holds the data folder's lock: none is in use)
        MessageSpool.DeleteLeftovers(SmtpSession.SpoolDirectory(services.Settings));
        var result = new List<(ListenerOptions, IConnectionHandler)>();
        if (smtp.Port == -1 && smtp.SubmissionPort == -1 && smtp.SslPort == -1) return result;
        var supervisor = Listeners.Supervisor(system, "smtp");

        void Add(string name, int port, bool implicitTls, string key, SmtpListenerKind kind)
        {
            if (port == -1) return;
            var options = Listeners.Create(services, name, port, implicitTls, smtp.Timeout, smtp.Access, smtp.MaxConnectionsPerIp,
                key, LimitGroup);
            var handler = new SessionConnectionHandler(supervisor, c => SmtpSession.Props(c, services, kind, limits), OnRejected);
            result.Add((options, handler));
        }

        Add("smtp", smtp.Port, false, "actormail.smtp.port", SmtpListenerKind.Smtp);
        Add("submission", smtp.SubmissionPort, false, "actormail.smtp.submission-port", SmtpListenerKind.Submission);
        Add("smtps", smtp.SslPort, true, "actormail.smtp.ssl-port", SmtpListenerKind.Smtps);
        return result;
    }

    // access refusals get no reply at all (RFC 5321 §3.1 allows 554, but silence reveals nothing)
    private static void OnRejected(IClientConnection connection, RejectReason reason)
    {
        if (reason == RejectReason.TooManyConnections)
            connection.Write(Encoding.ASCII.GetBytes(SmtpReplies.TooManyConnections.Render()));
    }
}
