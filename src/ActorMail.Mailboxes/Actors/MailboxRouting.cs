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
/// tests: one child per account, started on its first message. Like a shard, it buffers the
/// messages for an entity that is passivating and hands them to its successor.
/// </summary>
public sealed class LocalMailboxRouter : ReceiveActor
{
    private readonly Dictionary<string, IActorRef> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _accounts = new();
    private readonly Dictionary<string, List<(MailboxEnvelope Message, IActorRef Sender)>> _stopping = new(StringComparer.Ordinal);

    public LocalMailboxRouter(IClock clock, TimeSpan? idleAfter)
    {
        Receive<MailboxEnvelope>(e =>
        {
            if (_stopping.TryGetValue(e.Account, out var buffer))
            {
                buffer.Add((e, Sender));
                return;
            }
            if (!_children.TryGetValue(e.Account, out var child))
            {
                child = Context.ActorOf(MailboxActor.Props(e.Account, clock, idleAfter), "mailbox-" + Uri.EscapeDataString(e.Account));
                Context.Watch(child);
                _children[e.Account] = child;
                _accounts[child] = e.Account;
            }
            child.Forward(e);
        });
        Receive<Passivate>(p =>
        {
            if (!_accounts.TryGetValue(Sender, out var account) || _stopping.ContainsKey(account)) return;
            _stopping[account] = new List<(MailboxEnvelope, IActorRef)>();
            Sender.Tell(p.StopMessage);
        });
        Receive<Terminated>(t =>
        {
            if (!_accounts.Remove(t.ActorRef, out var account)) return;
            _children.Remove(account);
            if (_stopping.Remove(account, out var buffered))
                foreach (var (message, sender) in buffered) Self.Tell(message, sender);
        });
    }

    /// <param name="idleAfter">Idle mailbox entities stop after this long; null keeps them (short-lived tools).</param>
    public static Props Props(IClock clock, TimeSpan? idleAfter = null) => Akka.Actor.Props.Create(() => new LocalMailboxRouter(clock, idleAfter));
}
