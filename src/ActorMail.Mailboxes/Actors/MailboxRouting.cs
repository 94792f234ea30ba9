using ActorMail.Core;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorMail.Mailboxes.Actors;

/// <summary>Routes <see cref="MailboxEnvelope"/>s to the mailbox entity of their account under Cluster.Sharding.</summary>
public sealed class MailboxMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        MailboxEnvelope e => e.Account,
        _ => null,
    };

    // The entity gets the whole envelope: it needs the correlation for its reply.
    public override object? EntityMessage(object message) => message;
}

/// <summary>
/// The same routing without a cluster, for CLI verbs that work on a stopped node's store and for
/// tests: one child per account, started on its first message.
/// </summary>
public sealed class LocalMailboxRouter : ReceiveActor
{
    public LocalMailboxRouter(IClock clock, TimeSpan? idleAfter)
    {
        Receive<MailboxEnvelope>(e =>
        {
            var name = "mailbox-" + Uri.EscapeDataString(e.Account);
            var child = Context.Child(name);
            if (child.IsNobody()) child = Context.ActorOf(MailboxActor.Props(e.Account, clock, idleAfter), name);
            child.Forward(e);
        });
        Receive<Akka.Cluster.Sharding.Passivate>(p => Context.Stop(Sender));
    }

    /// <param name="idleAfter">Idle mailbox entities stop after this long; null keeps them (short-lived tools).</param>
    public static Props Props(IClock clock, TimeSpan? idleAfter = null) => Akka.Actor.Props.Create(() => new LocalMailboxRouter(clock, idleAfter));
}
