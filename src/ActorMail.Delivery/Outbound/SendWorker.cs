using ActorMail.Core;
using ActorMail.Delivery.Queue;
using Akka.Actor;

namespace ActorMail.Delivery.Outbound;

/// <summary>One message leased to a worker, with the recipients due now and the relay to use (null = MX).</summary>
public sealed record SendJob(long JobId, QueuedMessage Message, IReadOnlyList<QueuedRecipient> Due, SmarthostRoute? Route);

/// <summary>The per-recipient outcomes of a <see cref="SendJob"/>.</summary>
public sealed record SendResult(long JobId, string MessageId, IReadOnlyList<RecipientOutcome> Outcomes);

/// <summary>
/// One of the manual's sending threads: takes one <see cref="SendJob"/> at a time, sends it with its
/// own <see cref="SmtpSender"/> (keeping connections for reuse) and answers its parent with a
/// <see cref="SendResult"/>. A crash answers the job as a temporary failure before the restart.
/// </summary>
public sealed class SendWorker : ReceiveActor, IWithTimers
{
    private sealed class IdleTick
    {
        public static readonly IdleTick Instance = new();
    }

    private readonly SmtpSender _sender;
    private readonly Func<BlobRef, Stream> _openBlob;
    private readonly CancellationTokenSource _stopping = new();

    public SendWorker(OutboundOptions options, MxResolver resolver, MessageSigner signer, Func<BlobRef, Stream> openBlob)
    {
        _sender = new SmtpSender(options, resolver, signer);
        _openBlob = openBlob;
        ReceiveAsync<SendJob>(async job =>
        {
            var parent = Context.Parent;
            var outcomes = await _sender.SendAsync(job.Message, job.Due, () => _openBlob(job.Message.Blob), job.Route, _stopping.Token);
            parent.Tell(new SendResult(job.JobId, job.Message.Id, outcomes));
        });
        Receive<IdleTick>(_ => _sender.CloseIdle());
        _idleCheck = options.IdleConnection > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.IdleConnection;
    }

    private readonly TimeSpan _idleCheck;

    protected override void PreStart() => Timers.StartPeriodicTimer("idle", IdleTick.Instance, _idleCheck);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OutboundOptions options, MxResolver resolver, MessageSigner signer, Func<BlobRef, Stream> openBlob) =>
        Akka.Actor.Props.Create(() => new SendWorker(options, resolver, signer, openBlob));

    protected override void PreRestart(Exception reason, object message)
    {
        if (message is SendJob job)
        {
            var outcomes = job.Due.Select(r => new RecipientOutcome(r.Address, OutcomeKind.Temporary, "4.3.0", "send worker failed: " + reason.Message)).ToList();
            Context.Parent.Tell(new SendResult(job.JobId, job.Message.Id, outcomes));
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
