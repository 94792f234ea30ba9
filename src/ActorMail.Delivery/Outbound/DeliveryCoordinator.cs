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

/// <summary>What the coordinator is doing: messages leased to workers, idle workers, whether it is holding mail.</summary>
public sealed record DeliveryStatus(int Leased, int IdleWorkers, bool Offline, long Attempts);

/// <summary>
/// Outbound delivery of one node (a singleton per node): looks for due messages in the outbound
/// queue on a timer, when the queue changes and when a worker frees up; leases each message to one
/// idle <see cref="SendWorker"/> (the manual's sending threads) so it is never sent twice at once;
/// applies the throttle and the connection mode (actormail.connection, overridden at run time by
/// `actormail connection online|offline`: offline keeps everything queued); and records every
/// recipient's outcome in the queue, so one recipient's failure never resends to the others.
/// Notices (bounces, delay and relay reports) go through the ingest log to the sender, or to the
/// postmaster when the sender no longer exists locally, so they are as durable as any mail.
/// </summary>
/// <remarks>
/// Leases live in memory only. After a crash every pending recipient is due again: a recipient whose
/// remote server had answered 250 after DATA but whose outcome was not yet recorded is sent twice.
/// That window spans from the remote's final reply to the queue's write of the outcome (one journal
/// commit, plus the ingest of a notice when one is due).
/// </remarks>
public sealed class DeliveryCoordinator : ReceiveActor, IWithTimers
{
    private sealed class PollTick
    {
        public static readonly PollTick Instance = new();
    }

    private sealed record Lease(long JobId, IActorRef Worker, QueuedMessage Message);

    private sealed record NoticesDone(string MessageId, AttemptResolution Resolution, Exception? Error);

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
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _jobs = new();
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

        var resolver = new MxResolver(options.Delivery.DnsServers, options.Delivery.Timeout < TimeSpan.FromSeconds(10) ? options.Delivery.Timeout : TimeSpan.FromSeconds(10));
        var signer = new MessageSigner(options.Delivery.Dkim, options.Delivery.Smime);
        for (int i = 0; i < Math.Max(1, options.Delivery.Workers); i++)
            _idle.Enqueue(Context.ActorOf(SendWorker.Props(options, resolver, signer, b => _blobs.OpenRead(b)), "worker-" + i));

        Receive<PollTick>(_ => Pump());
        Receive<KickDelivery>(_ => Pump());
        Receive<QueueChanged>(_ => Pump());
        Receive<DueMessages>(OnDue);
        Receive<SendResult>(OnResult);
        Receive<NoticesDone>(OnNoticesDone);
        Receive<QueueReply>(r =>
        {
            if (r.Error is not null) Log.Warning("Outbound queue refused an attempt record: {Error}", r.ErrorText);
        });
        Receive<GetDeliveryStatus>(_ => Sender.Tell(new DeliveryStatus(_leases.Count, _idle.Count, _offline, _attempts)));
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

    private void Pump()
    {
        if (_asking || _idle.Count == 0) return;
        var now = _clock.Now;
        int allowance = _throttle.Allowance(now);
        if (allowance == 0)
        {
            if (_throttle.PausedUntil is { } until)
                Timers.StartSingleTimer("throttle", PollTick.Instance, until - now > TimeSpan.Zero ? until - now : TimeSpan.Zero);
            return;
        }
        _asking = true;
        _queue.Tell(new GetDue(Math.Min(_idle.Count, allowance), new HashSet<string>(_leases.Keys, StringComparer.Ordinal)));
    }

    private void OnDue(DueMessages due)
    {
        _asking = false;
        _offline = due.Override switch
        {
            QueueMode.Offline => true,
            QueueMode.Permanent => false,
            _ => _options.Connection == Configuration.ConnectionMode.Offline,
        };
        if (_offline) return;
        var now = _clock.Now;
        int started = 0;
        foreach (var m in due.Messages)
        {
            if (_idle.Count == 0 || _throttle.Allowance(now) == 0) break;
            if (_leases.ContainsKey(m.Id)) continue;
            var recipients = m.Recipients.Where(r => r.Status == RecipientStatus.Pending && r.NextAttempt is { } t && t <= now).ToList();
            if (recipients.Count == 0) continue;
            var worker = _idle.Dequeue();
            long job = _nextJob++;
            _leases[m.Id] = new Lease(job, worker, m);
            _jobs[job] = m.Id;
            _throttle.Take(now);
            worker.Tell(new SendJob(job, m, recipients, RouteFor(m)));
            started++;
        }
        if (started > 0 && started == due.Messages.Count) Pump();
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

    private void OnResult(SendResult result)
    {
        if (!_jobs.Remove(result.JobId, out var id) || !_leases.TryGetValue(id, out var lease)) return;
        _idle.Enqueue(lease.Worker);
        var now = _clock.Now;
        var d = _options.Delivery;
        var resolution = AttemptRules.Resolve(lease.Message, result.Outcomes, now, d.Retry.First, d.Retry.Max, d.GiveUpAfter);
        foreach (var outcome in result.Outcomes)
        {
            _attempts++;
            var r = lease.Message.Recipients.FirstOrDefault(x => x.Address.Key == outcome.Address.Key);
            Log.Information("Delivery of {QueueId} to {Recipient}, attempt {Attempt}, via {RemoteHost}: {Outcome} {Status} {Reply}",
                id, outcome.Address.ToString(), (r?.Attempts ?? 0) + 1, outcome.RemoteMta ?? "-", outcome.Kind, outcome.Status, outcome.Diagnostic);
        }
        if (resolution.Notices.Count == 0)
        {
            Commit(id, resolution);
        }
        else
        {
            var message = lease.Message;
            var self = Self;
            SendNoticesAsync(message, resolution.Notices, now).ContinueWith(
                t => (object)new NoticesDone(id, resolution, t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(self);
        }
        Pump();
    }

    private void OnNoticesDone(NoticesDone done)
    {
        if (done.Error is not null)
            Log.Error(done.Error, "Delivery notice for {QueueId} could not be queued", done.MessageId);
        Commit(done.MessageId, done.Resolution);
        Pump();
    }

    /// <summary>Records every outcome; the queue answers later queries only after these records.</summary>
    private void Commit(string id, AttemptResolution resolution)
    {
        foreach (var record in resolution.Records) _queue.Tell(new QueueRequest(record), Self);
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
