using System.Net;
using ActorMail.Configuration;
using ActorMail.Transport;
using ActorMail.Transport.Access;
using Akka.Actor;

namespace ActorMail.Sessions.Common;

/// <summary>A protocol (SMTP, IMAP, POP3) as the host starts it: its listeners and their handlers.</summary>
public interface IProtocolServer
{
    /// <summary>The listeners of this protocol that are switched on (port ≠ -1), each with its handler.</summary>
    IReadOnlyList<(ListenerOptions Options, IConnectionHandler Handler)> CreateListeners(ActorSystem system, SessionServices services);
}

/// <summary>Builds listener options from settings.</summary>
public static class Listeners
{
    /// <param name="name">listener name for logs (smtp, submission, smtps, imap, imaps, pop3, pop3s)</param>
    /// <param name="settingsKey">the HOCON key of the port, named when it cannot be bound</param>
    /// <param name="limitGroup">listeners sharing the per-IP connection limit</param>
    public static ListenerOptions Create(SessionServices services, string name, int port, bool implicitTls, TimeSpan idleTimeout,
        AccessSettings access, int maxConnectionsPerIp, string settingsKey, string limitGroup) =>
        new(name,
            new IPEndPoint(services.Settings.ListenAddress, port),
            implicitTls,
            services.Certificate,
            idleTimeout,
            Rules(access),
            maxConnectionsPerIp,
            settingsKey,
            limitGroup);

    /// <summary>
    /// The plaintext listener <paramref name="protocol"/> on <paramref name="port"/> and the implicit-TLS listener
    /// <paramref name="protocol"/>s on <paramref name="sslPort"/> (each left out at -1), sharing one handler and the
    /// per-IP limit group <paramref name="protocol"/>; their HOCON keys are actormail.<paramref name="protocol"/>.port
    /// and .ssl-port.
    /// </summary>
    public static IReadOnlyList<(ListenerOptions Options, IConnectionHandler Handler)> PlainAndTls(SessionServices services,
        string protocol, int port, int sslPort, TimeSpan idleTimeout, AccessSettings access, int maxConnectionsPerIp,
        IConnectionHandler handler)
    {
        var result = new List<(ListenerOptions, IConnectionHandler)>();
        if (port != -1)
        {
            result.Add((Create(services, protocol, port, implicitTls: false, idleTimeout, access, maxConnectionsPerIp,
                $"actormail.{protocol}.port", protocol), handler));
        }

        if (sslPort != -1)
        {
            result.Add((Create(services, protocol + "s", sslPort, implicitTls: true, idleTimeout, access, maxConnectionsPerIp,
                $"actormail.{protocol}.ssl-port", protocol), handler));
        }

        return result;
    }

    public static AccessRules Rules(AccessSettings access) =>
        new(access.Preset == Configuration.AccessPreset.LanOnly ? Transport.Access.AccessPreset.LanOnly : Transport.Access.AccessPreset.Any,
            access.Allow, access.Deny);

    /// <summary>Starts one <see cref="SessionSupervisor"/> for a protocol.</summary>
    public static IActorRef Supervisor(ActorSystem system, string protocol) =>
        system.ActorOf(SessionSupervisor.Props(), protocol + "-sessions");
}
