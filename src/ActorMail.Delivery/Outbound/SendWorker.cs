using ActorMail.Core;
using ActorMail.Delivery.Queue;
using Akka.Actor;

namespace ActorMail.Delivery.Outbound;

/// <summary>One message leased to a worker, with the recipients due now and the relay to use (null = MX).</summary>
public sealed record SendJob(long JobId, QueuedMessage Message, IReadOnlyList<QueuedRecipient> Due, SmarthostRoute? Route);

/// <summary>The outcomes of one transaction of a <see cref="SendJob"/>, sent as soon as its final reply arrives.</summary>
public sealed record SendProgress(long JobId, string MessageId, IReadOnlyList<RecipientOutcome> Outcomes);

/// <summary>
/// The end of a <see cref="SendJob"/> with the per-recipient outcomes (those already sent as
/// <see cref="SendProgress"/> may be repeated; the first outcome of a recipient counts).
/// <see cref="Idle"/> is false when the worker went straight on with a job from the hand-off.
/// </summary>
public sealed record SendResult(long JobId, string MessageId, IReadOnlyList<RecipientOutcome> Outcomes, bool Idle = true);

/// <summary>
/// One of the manual's sending threads: takes one <see cref="SendJob"/> at a time, sends it with its
/// own <see cref="SmtpSender"/> (keeping connections for reuse), tells its parent each transaction's
/// outcomes as a <see cref="SendProgress"/> and ends with a <see cref="SendResult"/>; then claims the
/// next job waiting in the coordinator's hand-off, if any, and goes straight on with it. A crash
/// answers the current job as a temporary failure before the restart.
/// </summary>
public sealed class SendWorker : ReceiveActor, IWithTimers
{
    private sealed class IdleTick
    {
        public static readonly IdleTick Instance = new();
    }

    private readonly SmtpSender _sender;
    private readonly Func<BlobRef, Stream> _openBlob;
    private readonly JobHandoff _handoff;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _idleCheck;
    private SendJob? _current;

    public SendWorker(OutboundOptions options, MxResolver resolver, MessageSigner signer, Func<BlobRef, Stream> openBlob, JobHandoff handoff)
    {
        _sender = new SmtpSender(options, resolver, signer);
        _openBlob = openBlob;
        _handoff = handoff;
        ReceiveAsync<SendJob>(async first =>
        {
            var parent = Context.Parent;
            var self = Self;
            for (var job = first; job is not null;)
            {
                _current = job;
                var current = job;
                var outcomes = await _sender.SendAsync(current.Message, current.Due, () => _openBlob(current.Message.Blob), current.Route, _stopping.Token,
                    done => parent.Tell(new SendProgress(current.JobId, current.Message.Id, done)));
                _current = null;
                job = _handoff.TryClaim();
                parent.Tell(new SendResult(current.JobId, current.Message.Id, outcomes, Idle: job is null), self);
                if (job is not null) _sender.CloseIdle();
            }
        });
        Receive<IdleTick>(_ => _sender.CloseIdle());
        _idleCheck = options.IdleConnection > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.IdleConnection;
    }

    protected override void PreStart() => Timers.StartPeriodicTimer("idle", IdleTick.Instance, _idleCheck);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OutboundOptions options, MxResolver resolver, MessageSigner signer, Func<BlobRef, Stream> openBlob, JobHandoff handoff) =>
        Akka.Actor.Props.Create(() => new SendWorker(options, resolver, signer, openBlob, handoff));

    protected override void PreRestart(Exception reason, object message)
    {
        if (_current is { } job)
        {
            var outcomes = job.Due.Select(r => new RecipientOutcome(r.Address, OutcomeKind.Temporary, "4.3.0", "send worker failed: " + reason.Message)).ToList();
            Context.Parent.Tell(new SendResult(job.JobId, job.Message.Id, outcomes), Self);
        }
        base.PreRestart(reason, message);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _sender.Dispose();
        _stopping.Dispose();
    }
}
