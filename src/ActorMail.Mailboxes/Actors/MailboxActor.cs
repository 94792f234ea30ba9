using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Mailboxes.Store.Serialization;
using ActorMail.Storage.Persistence;
using Akka.Actor;
using Akka.Persistence;

namespace ActorMail.Mailboxes.Actors;

/// <summary>Asks a mailbox entity to tell <see cref="Watcher"/> about every change (IMAP IDLE, live updates).</summary>
public sealed record WatchMailbox(IActorRef Watcher);

public sealed record UnwatchMailbox(IActorRef Watcher);

/// <summary>Sent to watchers after each persisted change of the mailbox.</summary>
public sealed record MailboxChanged(string Account, IMailboxEvent Event);

/// <summary>Removes every message and then the mailbox's journal and snapshots (account removal).</summary>
public sealed record PurgeMailbox;

/// <summary>Reply to <see cref="PurgeMailbox"/>: the blobs no longer referenced by this mailbox.</summary>
public sealed record MailboxPurged(IReadOnlyList<BlobRef> ReleasedBlobs);

/// <summary>
/// The mailbox entity of one account: a thin persistent shell around <see cref="MailboxLogic"/>.
/// Commands are batched (<see cref="BatchingPersistentActor"/>); queries are answered in order,
/// after the commands before them are on disk. Watchers (sessions) get every change after it is
/// persisted. The entity stops itself when idle and unwatched; it never stops while watched.
/// </summary>
public sealed class MailboxActor : BatchingPersistentActor
{
    private readonly string _account;
    private readonly IClock _clock;
    private readonly TimeSpan? _idleAfter;
    private readonly HashSet<IActorRef> _watchers = new();
    private MailboxState _state = new();
    private (IActorRef Sender, long Correlation, IReadOnlyList<BlobRef> Released)? _purging;

    public MailboxActor(string account, IClock clock, TimeSpan? idleAfter)
    {
        _account = account;
        _clock = clock;
        _idleAfter = idleAfter;
    }

    /// <param name="idleAfter">Stop after this long without messages and watchers; null never.</param>
    public static Props Props(string account, IClock clock, TimeSpan? idleAfter) =>
        Akka.Actor.Props.Create(() => new MailboxActor(account, clock, idleAfter));

    public override string PersistenceId => "mailbox-" + _account;

    protected override void PreStart()
    {
        base.PreStart();
        ArmIdleTimer();
    }

    private void ArmIdleTimer()
    {
        if (_idleAfter is { } idle && _watchers.Count == 0) Context.SetReceiveTimeout(idle);
        else Context.SetReceiveTimeout(null);
    }

    protected override bool HandleImmediately(object message)
    {
        switch (message)
        {
            case MailboxEnvelope { Message: WatchMailbox w }:
                if (_watchers.Add(w.Watcher)) Context.Watch(w.Watcher);
                ArmIdleTimer();
                return true;
            case MailboxEnvelope { Message: UnwatchMailbox u }:
                if (_watchers.Remove(u.Watcher)) Context.Unwatch(u.Watcher);
                ArmIdleTimer();
                return true;
            case Terminated t:
                _watchers.Remove(t.ActorRef);
                ArmIdleTimer();
                return true;
            case ReceiveTimeout:
                // Under Cluster.Sharding the shard buffers messages while the entity stops; the
                // local router does the same for tools and tests.
                if (_watchers.Count == 0) Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(PoisonPill.Instance));
                return true;
            case DeleteMessagesSuccess when _purging is { } p:
                DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
                p.Sender.Tell(new MailboxResponse(_account, p.Correlation, new MailboxPurged(p.Released)));
                _purging = null;
                _state = new MailboxState();
                return true;
            case DeleteMessagesFailure when _purging is { } p:
                // The messages are removed (events persisted); only the journal clean-up failed.
                p.Sender.Tell(new MailboxResponse(_account, p.Correlation, new MailboxPurged(p.Released)));
                _purging = null;
                return true;
            default:
                return false;
        }
    }

    protected override (IReadOnlyList<object> Events, object? Reply) Decide(object command)
    {
        if (command is not MailboxEnvelope env)
        {
            Unhandled(command);
            return (Array.Empty<object>(), null);
        }
        object Reply(object result) => new MailboxResponse(_account, env.Correlation, result);
        switch (env.Message)
        {
            case MailboxCommand c:
                switch (MailboxLogic.Decide(_state, c, _clock.Now))
                {
                    case MailboxDecision.Success s:
                        foreach (var e in s.Events) _state = MailboxLogic.Apply(_state, e);
                        return (s.Events.Cast<object>().ToList(), Reply(s.Result));
                    case MailboxDecision.Failure f:
                        return (Array.Empty<object>(), Reply(f));
                    default:
                        return (Array.Empty<object>(), null);
                }
            case MailboxQuery q:
                return (Array.Empty<object>(), Reply(q.Run(_state)));
            case PurgeMailbox:
            {
                var events = new List<object>();
                IReadOnlyList<BlobRef> released = Array.Empty<BlobRef>();
                if (_state.IsInitialized && MailboxLogic.Decide(_state, new RemoveAllMessages(), _clock.Now) is MailboxDecision.Success s)
                {
                    foreach (var e in s.Events) _state = MailboxLogic.Apply(_state, e);
                    events.AddRange(s.Events);
                    if (s.Result is AllMessagesRemoved removed) released = removed.ReleasedBlobs;
                }
                _purging = (Sender, env.Correlation, released);
                return (events, null);
            }
            default:
                Unhandled(command);
                return (Array.Empty<object>(), null);
        }
    }

    protected override void AfterPersist(object @event)
    {
        if (_watchers.Count == 0 || @event is not IMailboxEvent e) return;
        var changed = new MailboxChanged(_account, e);
        foreach (var w in _watchers) w.Tell(changed);
    }

    protected override void AfterBatch()
    {
        if (_purging is not null) DeleteMessages(long.MaxValue);
    }

    protected override void ApplyRecovered(object @event) => _state = MailboxLogic.Apply(_state, (IMailboxEvent)@event);

    protected override void LoadSnapshot(object snapshot) => _state = ((MailboxSnapshot)snapshot).Restore();

    protected override object? TakeSnapshot() => MailboxSnapshot.Capture(_state);
}
