using ActorMail.Accounts;
using ActorMail.Accounts.Routing;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Queue;
using ActorMail.Storage.Blobs;
using ActorMail.Storage.Summaries;
using Akka.Actor;
using MimeKit;
using Serilog;
using QueueMode = ActorMail.Delivery.Queue.ConnectionMode;

namespace ActorMail.Delivery.Outbound;

/// <summary>Asks the coordinator to look for due messages now.</summary>
public sealed class KickDelivery
{
    public static readonly KickDelivery Instance = new();
    private KickDelivery() { }
}

/// <summary>Asks for <see cref="DeliveryStatus"/>.</summary>
public sealed class GetDeliveryStatus
{
    public static readonly GetDeliveryStatus Instance = new();
    private GetDeliveryStatus() { }
}

/// <summary>
/// What the coordinator is doing: messages leased to workers, idle workers, whether it is holding
/// mail, outcomes seen, and due messages taken from the queue for the next free workers. Leased
/// counts the jobs handed to workers, those waiting in the hand-off for the next free one included.
/// </summary>
public sealed record DeliveryStatus(int Leased, int IdleWorkers, bool Offline, long Attempts, int Ready = 0);

/// <summary>
/// Outbound delivery of one node (a singleton per node): looks for due messages in the outbound
/// queue on a timer, when the queue changes and when a worker frees up; keeps some due messages
/// ready (a few per worker) so that a worker that frees up starts its next message at once,
/// without waiting for a query behind the queue's journal write; leases each message to one idle
/// <see cref="SendWorker"/> (the manual's sending threads) so it is never sent twice at once;
/// applies the throttle and the connection mode (actormail.connection, overridden at run time by
/// `actormail connection online|offline`: offline keeps everything queued); and records every
/// recipient's outcome in the queue, so one recipient's failure never resends to the others.
/// Notices (bounces, delay and relay reports) go through the ingest log to the sender, or to the
/// postmaster when the sender no longer exists locally, so they are as durable as any mail.
/// </summary>
/// <remarks>
/// Leases live in memory only: after a crash every pending recipient is due again. Each SMTP
/// transaction's outcome is recorded as soon as its final reply arrives, not when the whole message
/// is done: the records of all workers that arrive while the queue's journal write is in flight go
/// into its next write. So the duplicate window of a recipient the remote accepted (250 after DATA)
/// spans from that reply to the commit of its record: the transport of one actor message and at
/// most two journal writes (the one in flight and the next), for one transaction only, never for
/// the other transactions of the same message. Outcomes that owe the sender a notice (a bounce, a
/// delay report, or a "relayed" success report for NOTIFY=SUCCESS when the remote did not take the
/// DSN request) are recorded together with that notice when the message's attempt ends, after the
/// notice is queued through the ingest log, so no notice is lost; for such a delivered recipient the
/// window spans to the end of the message's attempt. A leased message deleted with `queue delete`
/// while in flight still finishes its current transaction.
/// </remarks>
public sealed class DeliveryCoordinator : ReceiveActor, IWithTimers
{
    private sealed class PollTick
    {
        public static readonly PollTick Instance = new();
    }

    /// <summary>A message in the hands of a worker: recipients already resolved, records and notices held for the end.</summary>
    private sealed class Lease(long jobId, QueuedMessage message)
    {
        public long JobId { get; } = jobId;
        public QueuedMessage Message { get; } = message;
        public HashSet<string> Resolved { get; } = new(StringComparer.Ordinal);
        public List<RecordAttempt> Held { get; } = new();
        public List<DsnEntry> Notices { get; } = new();
    }

    private sealed record NoticesDone(string MessageId, IReadOnlyList<RecordAttempt> Records, Exception? Error);

    private static readonly ILogger Log = Serilog.Log.ForContext("SourceContext", "ActorMail.Delivery.Outbound");

    private readonly OutboundOptions _options;
    private readonly IActorRef _queue;
    private readonly IActorRef _ingest;
    private readonly IBlobStore _blobs;
    private readonly Func<DirectoryState> _directory;
    private readonly IClock _clock;
    private readonly MessageSummaryCache? _summaries;
    private readonly ThrottleGate _throttle;
    private readonly Queue<IActorRef> _idle = new();
    private readonly JobHandoff _handoff = new();
    private readonly Dictionary<long, JobTicket> _tickets = new();
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _jobs = new();
    private readonly LinkedList<QueuedMessage> _ready = new();
    private readonly Dictionary<string, LinkedListNode<QueuedMessage>> _readyIds = new(StringComparer.Ordinal);
    /// <summary>
    /// How many due messages are kept ready beyond the idle workers: enough to cover the queue's
    /// answer to the next query, which waits behind its journal writes (at 2,000 messages/s, 256
    /// cover about 130 ms of journal latency, a WAL checkpoint on a busy disk).
    /// </summary>
    private readonly int _readyTarget;
    private readonly int _workers;
    private const int ReadyMinimum = 256;
    private long _nextJob = 1;
    private long _attempts;
    private bool _asking;
    private bool _offline;

    public DeliveryCoordinator(OutboundOptions options, IActorRef queue, IActorRef ingest, IBlobStore blobs,
        Func<DirectoryState> directory, IClock clock, MessageSummaryCache? summaries)
    {
        _options = options;
        _queue = queue;
        _ingest = ingest;
        _blobs = blobs;
        _directory = directory;
        _clock = clock;
        _summaries = summaries;
        _throttle = new ThrottleGate(options.Delivery.Throttle.Messages, options.Delivery.Throttle.Pause);
        _offline = options.Connection == Configuration.ConnectionMode.Offline;
        _workers = Math.Max(1, options.Delivery.Workers);
        _readyTarget = Math.Max(ReadyMinimum, 4 * _workers);

        var resolver = new MxResolver(options.Delivery.DnsServers, options.Delivery.Timeout < TimeSpan.FromSeconds(10) ? options.Delivery.Timeout : TimeSpan.FromSeconds(10));
        var signer = new MessageSigner(options.Delivery.Dkim, options.Delivery.Smime);
        for (int i = 0; i < _workers; i++)
            _idle.Enqueue(Context.ActorOf(SendWorker.Props(options, resolver, signer, b => _blobs.OpenRead(b), _handoff), "worker-" + i));

        Receive<PollTick>(_ => Pump());
        Receive<KickDelivery>(_ => Pump());
        Receive<QueueChanged>(_ => Pump());
        Receive<DueMessages>(OnDue);
        Receive<SendProgress>(OnProgress);
        Receive<SendResult>(OnResult);
        Receive<QueuedMessageDeleted>(d =>
        {
            Unready(d.Id);
            if (_leases.TryGetValue(d.Id, out var lease)) Withdraw(lease.JobId);
        });
        Receive<ConnectionOverrideChanged>(c =>
        {
            SetOffline(c.Mode);
            Pump();
        });
        Receive<NoticesDone>(OnNoticesDone);
        Receive<QueueReply>(r =>
        {
            if (r.Error is not null) Log.Warning("Outbound queue refused an attempt record: {Error}", r.ErrorText);
        });
        Receive<GetDeliveryStatus>(_ => Sender.Tell(new DeliveryStatus(_leases.Count, _idle.Count, _offline, _attempts, _ready.Count)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OutboundOptions options, IActorRef queue, IActorRef ingest, IBlobStore blobs,
        Func<DirectoryState> directory, IClock clock, MessageSummaryCache? summaries = null) =>
        Akka.Actor.Props.Create(() => new DeliveryCoordinator(options, queue, ingest, blobs, directory, clock, summaries));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(-1, TimeSpan.FromMinutes(1), _ => Directive.Restart);

    protected override void PreStart()
    {
        _queue.Tell(new SubscribeQueue(Self));
        Timers.StartPeriodicTimer("poll", PollTick.Instance, _options.PollInterval);
    }

    /// <summary>Asks the queue for due messages when workers are idle or the ready list is short.</summary>
    private void Pump()
    {
        StartReady();
        var now = _clock.Now;
        int allowance = _throttle.Allowance(now);
        if (allowance == 0)
        {
            if (_throttle.PausedUntil is { } until)
                Timers.StartSingleTimer("throttle", PollTick.Instance, until - now > TimeSpan.Zero ? until - now : TimeSpan.Zero);
            return;
        }
        if (_asking) return;
        int want = (int)Math.Min(_idle.Count + _readyTarget - _ready.Count, (long)allowance - _ready.Count);
        if (want <= 0) return;
        _asking = true;
        var taken = new HashSet<string>(_leases.Keys, StringComparer.Ordinal);
        taken.UnionWith(_readyIds.Keys);
        _queue.Tell(new GetDue(want, taken));
    }

    private void OnDue(DueMessages due)
    {
        _asking = false;
        SetOffline(due.Override);
        if (_offline) return;
        int added = 0;
        foreach (var m in due.Messages)
        {
            if (_leases.ContainsKey(m.Id) || _readyIds.ContainsKey(m.Id)) continue;
            _readyIds[m.Id] = _ready.AddLast(m);
            added++;
        }
        StartReady();
        if (added > 0) Pump();
    }

    private void SetOffline(QueueMode? mode)
    {
        _offline = mode switch
        {
            QueueMode.Offline => true,
            QueueMode.Permanent => false,
            _ => _options.Connection == Configuration.ConnectionMode.Offline,
        };
        if (!_offline) return;
        _ready.Clear();
        _readyIds.Clear();
        foreach (var job in _tickets.Keys.ToList()) Withdraw(job);
    }

    private void Unready(string id)
    {
        if (_readyIds.Remove(id, out var node)) _ready.Remove(node);
    }

    /// <summary>
    /// Leases ready messages, as far as the throttle allows: to idle workers directly, and while every
    /// worker is busy, into the hand-off (up to one job per worker) where the next worker to finish
    /// claims it without waiting for this actor.
    /// </summary>
    private void StartReady()
    {
        if (_offline) return;
        while (_idle.Count > 0 && _handoff.TryClaim() is { } waiting)
        {
            _tickets.Remove(waiting.JobId);
            _idle.Dequeue().Tell(waiting);
        }
        var now = _clock.Now;
        int waitingTickets = _tickets.Values.Count(t => t.IsWaiting);
        while (_ready.First is { } first && (_idle.Count > 0 || waitingTickets < _workers) && _throttle.Allowance(now) > 0)
        {
            var m = first.Value;
            Unready(m.Id);
            var recipients = m.Recipients.Where(r => r.Status == RecipientStatus.Pending && r.NextAttempt is { } t && t <= now).ToList();
            if (recipients.Count == 0) continue;
            long id = _nextJob++;
            var job = new SendJob(id, m, recipients, RouteFor(m));
            _leases[m.Id] = new Lease(id, m);
            _jobs[id] = m.Id;
            _throttle.Take(now);
            if (_idle.Count > 0)
            {
                _idle.Dequeue().Tell(job);
            }
            else
            {
                var ticket = new JobTicket(job);
                _tickets[id] = ticket;
                _handoff.Add(ticket);
                waitingTickets++;
            }
        }
    }

    /// <summary>Takes back a job no worker has claimed yet; false when one already runs it.</summary>
    private bool Withdraw(long jobId)
    {
        if (!_tickets.Remove(jobId, out var ticket) || !ticket.TryWithdraw()) return false;
        if (_jobs.Remove(jobId, out var id)) _leases.Remove(id);
        return true;
    }

    private SmarthostRoute? RouteFor(QueuedMessage m)
    {
        var state = _directory();
        foreach (var owner in new[] { m.AuthenticatedUser, m.Sender?.ToString() })
        {
            if (owner is null || !MailAddress.TryParse(owner, out var address)) continue;
            if (state.FindAccount(address)?.Smarthost is { } own) return SmarthostRoute.From(own);
        }
        return _options.Delivery.Smarthost is { } global ? SmarthostRoute.From(global) : null;
    }

    /// <summary>One transaction ended: its outcomes are recorded now, except those that owe a notice.</summary>
    private void OnProgress(SendProgress progress)
    {
        if (!_jobs.TryGetValue(progress.JobId, out var id) || !_leases.TryGetValue(id, out var lease)) return;
        var records = Resolve(lease, progress.Outcomes);
        foreach (var record in records) _queue.Tell(new QueueRequest(record), Self);
    }

    private void OnResult(SendResult result)
    {
        if (result.Idle) _idle.Enqueue(Sender);
        _tickets.Remove(result.JobId);
        if (!_jobs.Remove(result.JobId, out var id) || !_leases.TryGetValue(id, out var lease))
        {
            Pump();
            return;
        }
        var now = _clock.Now;
        var records = Resolve(lease, result.Outcomes);
        foreach (var record in records) _queue.Tell(new QueueRequest(record), Self);
        if (lease.Notices.Count == 0)
        {
            Commit(id, lease.Held);
        }
        else
        {
            var message = lease.Message;
            var notices = lease.Notices.ToList();
            var held = lease.Held.ToList();
            var self = Self;
            SendNoticesAsync(message, notices, now).ContinueWith(
                t => (object)new NoticesDone(id, held, t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(self);
        }
        Pump();
    }

    /// <summary>
    /// Resolves outcomes of recipients not yet resolved in this lease; returns the records to write at
    /// once and keeps those that owe a notice (with the notice) for the end of the attempt.
    /// </summary>
    private List<RecordAttempt> Resolve(Lease lease, IReadOnlyList<RecipientOutcome> outcomes)
    {
        var fresh = outcomes.Where(o => lease.Resolved.Add(o.Address.Key)).ToList();
        if (fresh.Count == 0) return new List<RecordAttempt>();
        var now = _clock.Now;
        var d = _options.Delivery;
        foreach (var outcome in fresh)
        {
            _attempts++;
            var r = lease.Message.Recipients.FirstOrDefault(x => x.Address.Key == outcome.Address.Key);
            Log.Information("Delivery of {QueueId} to {Recipient}, attempt {Attempt}, via {RemoteHost}: {Outcome} {Status} {Reply}",
                lease.Message.Id, outcome.Address.ToString(), (r?.Attempts ?? 0) + 1, outcome.RemoteMta ?? "-", outcome.Kind, outcome.Status, outcome.Diagnostic);
        }
        var resolution = AttemptRules.Resolve(lease.Message, fresh, now, d.Retry.First, d.Retry.Max, d.GiveUpAfter);
        var (immediate, held) = AttemptRules.Split(resolution);
        lease.Held.AddRange(held.Records);
        lease.Notices.AddRange(held.Notices);
        return immediate.ToList();
    }

    private void OnNoticesDone(NoticesDone done)
    {
        if (done.Error is not null)
            Log.Error(done.Error, "Delivery notice for {QueueId} could not be queued", done.MessageId);
        Commit(done.MessageId, done.Records);
        Pump();
    }

    /// <summary>Records the held outcomes and ends the lease; the queue answers later queries only after these records.</summary>
    private void Commit(string id, IReadOnlyList<RecordAttempt> records)
    {
        foreach (var record in records) _queue.Tell(new QueueRequest(record), Self);
        _leases.Remove(id);
    }

    private async Task SendNoticesAsync(QueuedMessage message, IReadOnlyList<DsnEntry> notices, DateTimeOffset now)
    {
        if (message.Sender is not { } sender) return;
        MimeMessage original;
        try
        {
            await using var body = _blobs.OpenRead(message.Blob);
            original = await MimeMessage.LoadAsync(body).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            original = new MimeMessage { Subject = "(message body no longer available)" };
        }
        foreach (var group in notices.GroupBy(n => n.Action))
        {
            var state = _directory();
            var (to, local, remote) = Route(state, sender);
            var report = new DsnReport(_options.Delivery.HeloName, _options.PrimaryDomain, to, message.Id, message.EnvelopeId,
                message.QueuedAt, message.Return, group.ToList(), message.QueuedAt + _options.Delivery.GiveUpAfter);
            var dsn = DsnBuilder.Build(report, original, now);
            using var ms = new MemoryStream();
            await dsn.WriteToAsync(FormatOptions.Default, ms).ConfigureAwait(false);
            var bytes = ms.ToArray();
            var blob = await _blobs.PutAsync(bytes).ConfigureAwait(false);
            if (_summaries is not null && local.Count > 0) await _summaries.PrimeAsync(blob, bytes).ConfigureAwait(false);
            var envelope = new MailEnvelope(null, new[] { new EnvelopeRecipient(to) });
            var reply = await _ingest.Ask(new IngestRequest(envelope, blob, local, remote), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (reply is not IngestAccepted accepted)
                throw new InvalidOperationException($"the ingest log refused the notice: {reply}");
            Log.Information("Delivery notice ({Action}) for {QueueId} sent to {Recipient} as {NoticeId}", group.Key, message.Id, to.ToString(), accepted.Id);
        }
    }

    /// <summary>The sender if it still resolves, otherwise the postmaster (the manual's "Failed Deliveries").</summary>
    private (MailAddress To, IReadOnlyList<string> Local, IReadOnlyList<EnvelopeRecipient> Remote) Route(DirectoryState state, MailAddress sender)
    {
        foreach (var to in new[] { sender, _options.Postmaster })
        {
            if (Router.Resolve(state, to, _options.Postmaster) is not RouteResult.Accepted accepted) continue;
            var local = accepted.Targets.OfType<LocalTarget>().Select(t => t.AccountKey).Distinct(StringComparer.Ordinal).ToList();
            var remote = accepted.Targets.OfType<RemoteTarget>().Select(t => new EnvelopeRecipient(t.Address)).ToList();
            return (to, local, remote);
        }
        throw new InvalidOperationException($"neither {sender} nor the postmaster {_options.Postmaster} can receive mail");
    }
}
