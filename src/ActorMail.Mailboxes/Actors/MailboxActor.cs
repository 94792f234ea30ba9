using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Mailboxes.Store.Serialization;
using ActorMail.Storage.Persistence;
using Akka.Actor;
using Akka.Persistence;

namespace ActorMail.Mailboxes.Actors;

/// <summary>
/// Asks a mailbox entity to tell <see cref="Watcher"/> about every change (IMAP IDLE, live updates); answered
/// to the watcher with <see cref="MailboxWatched"/>. Watchers live in the entity's memory only: a watcher
/// registers again when the entity terminates (it can death-watch <see cref="MailboxWatched.Entity"/>) or
/// announces a restart with <see cref="MailboxRestarting"/>.
/// </summary>
public sealed record WatchMailbox(IActorRef Watcher);

/// <summary>Sent to the watcher for each <see cref="WatchMailbox"/>: <see cref="Entity"/> is the mailbox entity itself.</summary>
public sealed record MailboxWatched(string Account, IActorRef Entity);

/// <summary>
/// Sent to every watcher when the entity fails and restarts in place: its watchers are forgotten and changes
/// may have been missed, so each watcher sends <see cref="WatchMailbox"/> again and catches up.
/// </summary>
public sealed record MailboxRestarting(string Account, IActorRef Entity);

public sealed record UnwatchMailbox(IActorRef Watcher);

/// <summary>Sent to watchers after each persisted change of the mailbox.</summary>
public sealed record MailboxChanged(string Account, IMailboxEvent Event);

/// <summary>Removes every message, then deletes the mailbox's journal and snapshots (account removal); answered by <see cref="MailboxPurged"/> once the removal is persisted.</summary>
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
    private bool _purging;

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
                w.Watcher.Tell(new MailboxWatched(_account, Self), Self);
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
                _purging = true;
                return (events, Reply(new MailboxPurged(released)));
            }
            default:
                Unhandled(command);
                return (Array.Empty<object>(), null);
        }
    }

    /// <summary>The entity failed and starts again: its watchers are told so that they register with the new incarnation.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        var notice = new MailboxRestarting(_account, Self);
        foreach (var w in _watchers) w.Tell(notice, Self);
        base.PreRestart(reason, message);
    }

    protected override void AfterPersist(object @event)
    {
        if (_watchers.Count == 0 || @event is not IMailboxEvent e) return;
        var changed = new MailboxChanged(_account, e);
        foreach (var w in _watchers) w.Tell(changed);
    }

    /// <summary>
    /// Completes a purge once its batch is on disk (the reply has left with the removal events): the
    /// journal and snapshots up to this point are deleted and the entity starts over with an empty state
    /// (commands that shared the purge's batch go with it). The deletion is not awaited: a crash before
    /// it completes leaves a mailbox with no messages, and later events carry higher sequence numbers,
    /// so the deletion never reaches them.
    /// </summary>
    protected override void AfterBatch()
    {
        if (!_purging) return;
        _purging = false;
        if (LastSequenceNr > 0)
        {
            DeleteMessages(LastSequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(LastSequenceNr));
        }
        _state = new MailboxState();
    }

    protected override void ApplyRecovered(object @event) => _state = MailboxLogic.Apply(_state, (IMailboxEvent)@event);

    protected override void LoadSnapshot(object snapshot) => _state = ((MailboxSnapshot)snapshot).Restore();

    // No snapshot in a batch that purges: saving it could race the deletion that follows and bring the mailbox back.
    protected override object? TakeSnapshot() => _purging ? null : MailboxSnapshot.Capture(_state);
}
