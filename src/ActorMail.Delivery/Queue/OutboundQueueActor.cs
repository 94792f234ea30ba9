using ActorMail.Core;
using ActorMail.Storage.Persistence;
using Akka.Actor;

namespace ActorMail.Delivery.Queue;

/// <summary>A command for the queue; <see cref="Correlation"/> is echoed in the reply.</summary>
public sealed record QueueRequest(QueueCommand Command, long Correlation = 0);

/// <summary>Reply of the queue to a <see cref="QueueRequest"/>: Error is null on success.</summary>
public sealed record QueueReply(long Correlation, QueueError? Error, string? ErrorText);

/// <summary>Queries, answered after every earlier command is persisted.</summary>
public sealed record ListQueue(string? AfterId = null, int PageSize = 200);
public sealed record QueuePage(IReadOnlyList<QueuedMessage> Messages, bool More);
public sealed record GetQueued(string Id);
public sealed record QueuedLookup(QueuedMessage? Message);
public sealed record GetConnectionOverride;
public sealed record ConnectionOverrideValue(ConnectionMode? Mode);

/// <summary>
/// Asks for due messages not in <paramref name="Leased"/>: answered by <see cref="DueMessages"/>
/// after every earlier command is persisted.
/// </summary>
public sealed record GetDue(int Max, IReadOnlySet<string> Leased);

/// <summary>Due messages, the run-time connection override, and when the next recipient falls due.</summary>
public sealed record DueMessages(IReadOnlyList<QueuedMessage> Messages, ConnectionMode? Override, DateTimeOffset? NextDue);

/// <summary>Subscribes an actor to <see cref="QueueChanged"/>: sent after each persisted batch that changed the queue.</summary>
public sealed record SubscribeQueue(IActorRef Subscriber);

/// <summary>Sent to subscribers once the deletion of a queued message (`queue delete`) is persisted.</summary>
public sealed record QueuedMessageDeleted(string Id);

/// <summary>Sent to subscribers once a change of the run-time connection override is persisted.</summary>
public sealed record ConnectionOverrideChanged(ConnectionMode? Mode);

public sealed class QueueChanged
{
    public static readonly QueueChanged Instance = new();
    private QueueChanged() { }
}

/// <summary>
/// The outbound queue: one persistent actor holding every message that waits for remote
/// recipients, with per-recipient state. Send workers (the delivery issue) pull from it and
/// record each attempt here.
/// </summary>
public sealed class OutboundQueueActor : BatchingPersistentActor
{
    public const int MaxPage = 500;
    private readonly IClock _clock;
    private QueueState _state = QueueState.Empty;
    private readonly HashSet<IActorRef> _subscribers = new();
    private bool _changed;

    public OutboundQueueActor(IClock clock) => _clock = clock;

    public static Props Props(IClock clock) => Akka.Actor.Props.Create(() => new OutboundQueueActor(clock));

    public override string PersistenceId => "outbound-queue";

    /// <summary>
    /// A snapshot holds the whole queue, so one is taken after at least as many events as the queue
    /// holds messages (and at least 1,000): its cost per event stays constant however long the queue.
    /// </summary>
    protected override int SnapshotEvery => Math.Max(1000, _state.Messages.Count);

    protected override (IReadOnlyList<object> Events, object? Reply) Decide(object command)
    {
        switch (command)
        {
            case QueueRequest r:
            {
                var d = QueueLogic.Decide(_state, r.Command, _clock.Now);
                foreach (var e in d.Events) _state = QueueLogic.Apply(_state, e);
                return (d.Events.Cast<object>().ToList(), new QueueReply(r.Correlation, d.Error, d.ErrorText));
            }
            case ListQueue l:
            {
                int size = Math.Clamp(l.PageSize, 1, MaxPage);
                var items = (l.AfterId is null ? _state.Messages.Values : _state.Messages.Where(kv => string.CompareOrdinal(kv.Key, l.AfterId) > 0).Select(kv => kv.Value))
                    .Take(size + 1).ToList();
                bool more = items.Count > size;
                if (more) items.RemoveAt(items.Count - 1);
                return (Array.Empty<object>(), new QueuePage(items, more));
            }
            case GetQueued g:
                return (Array.Empty<object>(), new QueuedLookup(_state.Messages.GetValueOrDefault(g.Id)));
            case GetDue d:
                return (Array.Empty<object>(), new DueMessages(
                    QueueLogic.Due(_state, _clock.Now, d.Max, d.Leased.Contains), _state.ConnectionOverride, QueueLogic.NextDue(_state)));
            case GetConnectionOverride:
                return (Array.Empty<object>(), new ConnectionOverrideValue(_state.ConnectionOverride));
            default:
                Unhandled(command);
                return (Array.Empty<object>(), null);
        }
    }

    protected override bool HandleImmediately(object message)
    {
        if (message is Terminated t)
        {
            _subscribers.Remove(t.ActorRef);
            return true;
        }
        if (message is not SubscribeQueue s) return false;
        _subscribers.Add(s.Subscriber);
        Context.Watch(s.Subscriber);
        s.Subscriber.Tell(QueueChanged.Instance);
        return true;
    }

    protected override void AfterPersist(object @event)
    {
        _changed = true;
        object? notice = @event switch
        {
            MessageDeleted d => new QueuedMessageDeleted(d.Id),
            ConnectionOverrideSet c => new ConnectionOverrideChanged(c.Mode),
            _ => null,
        };
        if (notice is not null)
            foreach (var s in _subscribers) s.Tell(notice);
    }

    protected override void AfterBatch()
    {
        if (!_changed) return;
        _changed = false;
        foreach (var s in _subscribers) s.Tell(QueueChanged.Instance);
    }

    protected override void ApplyRecovered(object @event) => _state = QueueLogic.Apply(_state, (IQueueEvent)@event);

    protected override void LoadSnapshot(object snapshot) => _state = ((QueueSnapshot)snapshot).State;

    protected override object? TakeSnapshot() => new QueueSnapshot(_state);
}

/// <summary>Snapshot of the whole queue.</summary>
public sealed record QueueSnapshot(QueueState State);
