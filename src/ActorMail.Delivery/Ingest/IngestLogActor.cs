using ActorMail.Core;
using ActorMail.Delivery.Queue;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Storage.Persistence;
using Akka.Actor;
using Akka.Event;

namespace ActorMail.Delivery.Ingest;

/// <summary>
/// The node's durable front door for mail (STACK.md, design consequence 2): every accepted message
/// is one event in this log, written together with whatever else arrived during the previous write,
/// so that one commit covers many deliveries. The reply leaves only once the event is persisted.
/// Behind it, each message is handed to its mailbox entities and to the outbound queue; they are
/// idempotent by delivery id, and the log replays what was not settled after a restart.
/// </summary>
public sealed class IngestLogActor : BatchingPersistentActor, IWithTimers
{
    private sealed class RetryTick { public static readonly RetryTick Instance = new(); }
    private sealed class SettleTick { public static readonly SettleTick Instance = new(); }
    private sealed record SettleBatch(IReadOnlyList<long> Seqs);

    private readonly string _logId;
    private readonly IActorRef _mailboxes;
    private readonly IActorRef _queue;
    private readonly IClock _clock;
    private readonly TimeSpan _retryAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IngestState _state = new();

    // In memory only: which targets of a pending message still owe an acknowledgement.
    private readonly Dictionary<long, Outstanding> _outstanding = new();
    private readonly List<long> _settled = new();
    private bool _settleScheduled;

    private sealed class Outstanding
    {
        public HashSet<string> Accounts = new(StringComparer.Ordinal);
        public bool Queue;
        public DateTimeOffset SentAt;
    }

    public IngestLogActor(string logId, IActorRef mailboxes, IActorRef queue, IClock clock, TimeSpan? retryAfter = null)
    {
        _logId = logId;
        _mailboxes = mailboxes;
        _queue = queue;
        _clock = clock;
        _retryAfter = retryAfter ?? TimeSpan.FromSeconds(10);
    }

    public static Props Props(string logId, IActorRef mailboxes, IActorRef queue, IClock clock, TimeSpan? retryAfter = null) =>
        Akka.Actor.Props.Create(() => new IngestLogActor(logId, mailboxes, queue, clock, retryAfter));

    public override string PersistenceId => "ingest-" + _logId;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override int SnapshotEvery => 2000;

    protected override (IReadOnlyList<object> Events, object? Reply) Decide(object command)
    {
        switch (command)
        {
            case IngestRequest r:
            {
                if (r.LocalAccounts.Count == 0 && r.Remote.Count == 0)
                    return (Array.Empty<object>(), new IngestRejected("no recipients"));
                var e = new MessageIngested(_state.NextSeq, r.Envelope, r.Blob, r.LocalAccounts, r.Remote, _clock.Now, r.RemoteBlob);
                _state.Apply(e);
                return (new object[] { e }, new IngestAccepted(IngestState.DeliveryId(_logId, e.Seq)));
            }
            case SettleBatch s:
            {
                var e = new IngestSettled(s.Seqs);
                _state.Apply(e);
                return (new object[] { e }, null);
            }
            default:
                Unhandled(command);
                return (Array.Empty<object>(), null);
        }
    }

    protected override bool HandleImmediately(object message)
    {
        switch (message)
        {
            case MailboxResponse resp:
                Acknowledge(resp.Correlation, resp.Account);
                return true;
            case QueueReply qr when qr.Correlation != 0:
                Acknowledge(qr.Correlation, null);
                return true;
            case QueueReply:
                return true;
            case GetPendingBlobs:
                // Requests still buffered are missing here; their blobs are recent, which the blob store's grace covers.
                Sender.Tell(new PendingBlobs(_state.Pending.Values.SelectMany(m => m.RemoteBlob is { } rb ? new[] { m.Blob, rb } : new[] { m.Blob }).Distinct().ToList()), Self);
                return true;
            case RetryTick:
                ResendStale();
                return true;
            case SettleTick:
                _settleScheduled = false;
                if (_settled.Count > 0)
                {
                    var seqs = _settled.ToList();
                    _settled.Clear();
                    Self.Tell(new SettleBatch(seqs));
                }
                return true;
            default:
                return false;
        }
    }

    protected override void AfterPersist(object @event)
    {
        if (@event is MessageIngested m) Dispatch(m);
    }

    protected override void ApplyRecovered(object @event) => _state.Apply((IIngestEvent)@event);

    protected override void LoadSnapshot(object snapshot) => _state = IngestState.FromSnapshot((IngestSnapshot)snapshot);

    protected override object? TakeSnapshot() => _state.ToSnapshot();

    protected override void OnRecovered()
    {
        if (_state.Pending.Count > 0)
            _log.Info("Ingest log {0}: handing on {1} message(s) not yet settled", _logId, _state.Pending.Count);
        foreach (var m in _state.Pending.Values) Dispatch(m);
        Timers.StartPeriodicTimer("retry", RetryTick.Instance, TimeSpan.FromSeconds(2));
    }

    private void Dispatch(MessageIngested m)
    {
        var o = new Outstanding { SentAt = _clock.Now };
        foreach (var account in m.LocalAccounts.Distinct(StringComparer.Ordinal)) o.Accounts.Add(account);
        o.Queue = m.Remote.Count > 0;
        _outstanding[m.Seq] = o;
        Send(m, o);
    }

    private void Send(MessageIngested m, Outstanding o)
    {
        var deliveryId = IngestState.DeliveryId(_logId, m.Seq);
        foreach (var account in o.Accounts)
        {
            var cmd = new DeliverMessage(deliveryId, m.Blob, m.Blob.Length, m.ReceivedAt);
            _mailboxes.Tell(new MailboxEnvelope(account, cmd, m.Seq));
        }
        if (o.Queue)
        {
            var entry = QueueLogic.NewEntry(deliveryId, m.Envelope, m.BlobForRemote, m.Remote, m.ReceivedAt);
            _queue.Tell(new QueueRequest(new Enqueue(entry), m.Seq));
        }
    }

    private void Acknowledge(long seq, string? account)
    {
        if (!_outstanding.TryGetValue(seq, out var o)) return;
        if (account is null) o.Queue = false;
        else o.Accounts.Remove(account);
        if (o.Accounts.Count > 0 || o.Queue) return;
        _outstanding.Remove(seq);
        _settled.Add(seq);
        if (!_settleScheduled)
        {
            _settleScheduled = true;
            Timers.StartSingleTimer("settle", SettleTick.Instance, TimeSpan.FromMilliseconds(200));
        }
    }

    private void ResendStale()
    {
        var now = _clock.Now;
        foreach (var (seq, o) in _outstanding)
        {
            if (now - o.SentAt < _retryAfter) continue;
            if (!_state.Pending.TryGetValue(seq, out var m)) continue;
            o.SentAt = now;
            Send(m, o);
        }
    }
}
