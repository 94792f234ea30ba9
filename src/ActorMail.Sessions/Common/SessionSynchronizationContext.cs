using Akka.Actor;

namespace ActorMail.Sessions.Common;

/// <summary>
/// Brings the continuations of a session handler's awaits back into the session actor as messages, so a
/// handler that completes without waiting costs no scheduling at all and one that waits resumes in order,
/// inside the actor, like any other message.
/// </summary>
internal sealed class SessionSynchronizationContext(IActorRef session) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => session.Tell(new SessionContinuation(d, state), ActorRefs.NoSender);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("a session handler never blocks on its own actor");

    public override SynchronizationContext CreateCopy() => this;
}

/// <summary>The rest of a session handler, after an await that did not complete at once.</summary>
internal sealed record SessionContinuation(SendOrPostCallback Callback, object? State);
