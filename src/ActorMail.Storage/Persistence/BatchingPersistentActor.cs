using Akka.Actor;
using Akka.Persistence;

namespace ActorMail.Storage.Persistence;

/// <summary>
/// Shell of every ActorMail persistent actor (ARCHITECTURE.md rule 4): commands are buffered, then
/// decided together in one batch whose events go to the journal in one PersistAll. Each command's
/// reply leaves only after its own events (and those of every earlier command) are persisted, so a
/// reply always means "on disk". Commands that arrive while a write is in flight are stashed by
/// Akka.Persistence, unstashed afterwards, and join the next batch.
/// Subclasses keep their state applied optimistically: <see cref="Decide"/> applies the events it
/// returns to the in-memory state at once, so that the next command of the batch sees them. A failed
/// write stops the actor, and the in-memory state dies with it.
/// </summary>
public abstract class BatchingPersistentActor : UntypedPersistentActor
{
    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }

    private readonly List<(object Command, IActorRef Sender)> _buffer = new();
    private List<(int AfterEvents, IActorRef Sender, object Reply)> _inFlight = new();
    private int _inFlightNext;
    private bool _flushScheduled;
    private long _eventsSinceSnapshot;

    /// <summary>Events between snapshots; 0 switches snapshots off.</summary>
    protected virtual int SnapshotEvery => 1000;

    /// <summary>
    /// Decides one command: returns the events to persist (already applied to the in-memory state) and
    /// the reply for the sender (null for none). The reply goes to the command's original sender;
    /// <c>Sender</c> itself is not that sender here (batches run on a message the actor sends itself).
    /// </summary>
    protected abstract (IReadOnlyList<object> Events, object? Reply) Decide(object command);

    /// <summary>Applies a recovered event to the state.</summary>
    protected abstract void ApplyRecovered(object @event);

    /// <summary>Loads state from a snapshot.</summary>
    protected abstract void LoadSnapshot(object snapshot);

    /// <summary>The current state as a snapshot value, or null when this actor takes none.</summary>
    protected abstract object? TakeSnapshot();

    /// <summary>
    /// Messages handled at once, outside batches (watch requests, timers, journal and snapshot
    /// replies a subclass waits for). Return false to batch it.
    /// </summary>
    protected virtual bool HandleImmediately(object message) => false;

    /// <summary>Called after each persisted event, in order (publish changes to watchers here).</summary>
    protected virtual void AfterPersist(object @event) { }

    /// <summary>Called once every event of a batch is persisted (at once for a batch without events).</summary>
    protected virtual void AfterBatch() { }

    /// <summary>Called once recovery is complete.</summary>
    protected virtual void OnRecovered() { }

    protected sealed override void OnCommand(object message)
    {
        switch (message)
        {
            case Flush:
                _flushScheduled = false;
                RunBatch();
                return;
        }
        if (HandleImmediately(message)) return;
        switch (message)
        {
            case SaveSnapshotSuccess s:
                DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
                return;
            case SaveSnapshotFailure:
            case DeleteSnapshotsSuccess:
            case DeleteSnapshotsFailure:
            case DeleteMessagesSuccess:
            case DeleteMessagesFailure:
                return;
        }
        _buffer.Add((message, Sender));
        if (!_flushScheduled)
        {
            _flushScheduled = true;
            Self.Tell(Flush.Instance);
        }
    }

    protected sealed override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                LoadSnapshot(offer.Snapshot);
                break;
            case RecoveryCompleted:
                OnRecovered();
                break;
            default:
                ApplyRecovered(message);
                break;
        }
    }

    private void RunBatch()
    {
        if (_buffer.Count == 0) return;
        var events = new List<object>();
        var replies = new List<(int AfterEvents, IActorRef Sender, object Reply)>();
        foreach (var (command, sender) in _buffer)
        {
            (IReadOnlyList<object> produced, object? reply) = Decide(command);
            events.AddRange(produced);
            if (reply is not null) replies.Add((events.Count, sender, reply));
        }
        _buffer.Clear();

        int next = 0;
        // Replies of commands that come before any event of the batch need no write.
        while (next < replies.Count && replies[next].AfterEvents == 0)
        {
            replies[next].Sender.Tell(replies[next].Reply, Self);
            next++;
        }
        if (events.Count == 0)
        {
            AfterBatch();
            return;
        }

        _inFlight = replies;
        _inFlightNext = next;
        int persisted = 0;
        PersistAll(events, e =>
        {
            persisted++;
            AfterPersist(e);
            while (next < replies.Count && replies[next].AfterEvents <= persisted)
            {
                replies[next].Sender.Tell(replies[next].Reply, Self);
                next++;
            }
            _inFlightNext = next;
            if (persisted == events.Count)
            {
                MaybeSnapshot(events.Count);
                AfterBatch();
            }
        });
    }

    /// <summary>
    /// The journal failed: every command of the batch still waiting gets a failure (an Ask then
    /// throws), never silence; Akka then stops this actor and its supervisor starts it again.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        FailInFlight(cause);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused the batch: its waiting commands get a failure; the actor goes on.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        FailInFlight(cause);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void FailInFlight(Exception cause)
    {
        for (int i = _inFlightNext; i < _inFlight.Count; i++)
            _inFlight[i].Sender.Tell(new Status.Failure(cause), Self);
        _inFlight = new();
        _inFlightNext = 0;
    }

    private void MaybeSnapshot(int added)
    {
        if (SnapshotEvery <= 0) return;
        _eventsSinceSnapshot += added;
        if (_eventsSinceSnapshot < SnapshotEvery) return;
        _eventsSinceSnapshot = 0;
        var snapshot = TakeSnapshot();
        if (snapshot is not null) SaveSnapshot(snapshot);
    }
}
