using Akka.Actor;
using Serilog;

namespace ActorMail.Sessions.Common;

/// <summary>
/// Parent of every session actor of one protocol. A session that throws is stopped, never
/// restarted: its PostStop says the protocol's farewell (421, * BYE, -ERR) and closes that one
/// connection; no other session is touched. Transport signals reach the sessions through this
/// actor, in the order the connection produced them.
/// </summary>
public sealed class SessionSupervisor : ReceiveActor
{
    private readonly Dictionary<string, IActorRef> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = new();

    public SessionSupervisor()
    {
        Receive<StartSession>(s =>
        {
            var child = Context.ActorOf(s.Props, "session-" + s.Connection.Id);
            Context.Watch(child);
            _sessions[s.Connection.Id] = child;
            _ids[child] = s.Connection.Id;
        });
        Receive<SessionSignal>(s =>
        {
            if (_sessions.TryGetValue(s.ConnectionId, out var child)) child.Tell(s.Signal);
        });
        Receive<Terminated>(t =>
        {
            if (_ids.Remove(t.ActorRef, out var id)) _sessions.Remove(id);
        });
        Receive<GetSessionCount>(_ => Sender.Tell(_sessions.Count));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(e =>
        {
            Log.ForContext<SessionSupervisor>().Error(e, "Session failed; closing that connection");
            return Directive.Stop;
        });

    public static Props Props() => Akka.Actor.Props.Create(() => new SessionSupervisor());
}

/// <summary>Asks a <see cref="SessionSupervisor"/> how many sessions it holds (an int).</summary>
public sealed record GetSessionCount
{
    public static readonly GetSessionCount Instance = new();
}
