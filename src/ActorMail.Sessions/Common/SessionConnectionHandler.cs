using ActorMail.Transport;
using Akka.Actor;

namespace ActorMail.Sessions.Common;

/// <summary>
/// Bridges a transport listener to session actors: one actor per connection, started under the
/// listener's <see cref="SessionSupervisor"/>; every transport callback becomes a message to it.
/// </summary>
public sealed class SessionConnectionHandler(IActorRef supervisor, Func<IClientConnection, Props> sessionProps, Action<IClientConnection, RejectReason>? onRejected = null)
    : IConnectionHandler
{
    public IConnectionSink OnConnected(IClientConnection connection)
    {
        supervisor.Tell(new StartSession(connection, sessionProps(connection)));
        return new Sink(supervisor, connection.Id);
    }

    public void OnRejected(IClientConnection connection, RejectReason reason) => onRejected?.Invoke(connection, reason);

    private sealed class Sink(IActorRef supervisor, string id) : IConnectionSink
    {
        public void OnData(ReadOnlyMemory<byte> chunk) => supervisor.Tell(new SessionSignal(id, new ConnectionData(chunk)));

        public void OnTlsEstablished() => supervisor.Tell(new SessionSignal(id, ConnectionTlsEstablished.Instance));

        public void OnIdle() => supervisor.Tell(new SessionSignal(id, ConnectionIdle.Instance));

        public void OnClosed() => supervisor.Tell(new SessionSignal(id, ConnectionClosed.Instance));
    }
}
