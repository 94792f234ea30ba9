using ActorMail.Accounts.Events;
using ActorMail.Accounts.Routing;
using ActorMail.Core;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorMail.Accounts.DirectoryProtocol;

namespace ActorMail.Accounts;

/// <summary>
/// The account directory (persistence id "directory"), a thin shell around <see cref="DirectoryLogic"/>.
/// </summary>
/// <remarks>
/// Contract: each command is decided against the state including every earlier accepted command; its reply is sent
/// only after its events are persisted and applied (a refused command, or one that changes nothing, is answered in
/// order with the others). Commands arriving while a write is in flight are buffered and decided and persisted
/// together, one write per batch. Queries are answered from the persisted state. After each written batch the new
/// state goes to every subscriber. A snapshot is saved every <c>snapshotInterval</c> events. Password hashes arrive
/// computed: no hashing happens here.
/// </remarks>
public sealed class DirectoryActor : ReceivePersistentActor
{
    public const string Id = "directory";
    public const int DefaultSnapshotInterval = 1000;

    private readonly IClock clock;
    private readonly MailAddress? postmaster;
    private readonly int snapshotInterval;
    private readonly List<(IDirectoryCommand Command, IActorRef Sender)> buffer = [];
    private readonly HashSet<IActorRef> subscribers = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private DirectoryState state = DirectoryState.Empty;
    private Batch? writing;
    private long eventsSinceSnapshot;

    /// <param name="postmaster">The configured <c>actormail.postmaster</c>; null means postmaster@ the primary domain.</param>
    public DirectoryActor(IClock clock, MailAddress? postmaster, int snapshotInterval)
    {
        this.clock = clock;
        this.postmaster = postmaster;
        this.snapshotInterval = Math.Max(1, snapshotInterval);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is DirectoryState s) state = s;
        });
        Recover<IDirectoryEvent>(e =>
        {
            state = DirectoryLogic.Apply(state, e);
            eventsSinceSnapshot++;
        });

        Command<Execute>(m => Enqueue(m.Command, Sender));
        Command<IDirectoryCommand>(c => Enqueue(c, Sender));
        Command<GetAccount>(m => Sender.Tell(DirectoryQueries.GetAccount(state, m.Address)));
        Command<ListAccounts>(m => Sender.Tell(new DirectoryReply.Ok(DirectoryQueries.ListAccounts(state, m.AfterKey, m.PageSize))));
        Command<ListAliases>(m => Sender.Tell(new DirectoryReply.Ok(DirectoryQueries.ListAliases(state, m.AfterKey, m.PageSize))));
        Command<ListDomains>(_ => Sender.Tell(new DirectoryReply.Ok(DirectoryQueries.ListDomains(state))));
        Command<Resolve>(m => Sender.Tell(Router.Resolve(state, m.Address, Postmaster)));
        Command<GetSnapshot>(_ => Sender.Tell(state));
        Command<SubscribeDirectory>(m =>
        {
            var who = m.Subscriber ?? Sender;
            if (subscribers.Add(who)) Context.Watch(who);
            who.Tell(new DirectoryChanged(state));
        });
        Command<UnsubscribeDirectory>(m =>
        {
            var who = m.Subscriber ?? Sender;
            if (subscribers.Remove(who)) Context.Unwatch(who);
        });
        Command<Terminated>(t => subscribers.Remove(t.ActorRef));
        Command<SaveSnapshotSuccess>(s =>
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => log.Warning(f.Cause, "Saving the directory snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => log.Warning(f.Cause, "Deleting old directory snapshots failed"));
    }

    public override string PersistenceId => Id;

    public static Props Props(IClock? clock = null, MailAddress? postmaster = null, int snapshotInterval = DefaultSnapshotInterval) =>
        Akka.Actor.Props.Create(() => new DirectoryActor(clock ?? SystemClock.Instance, postmaster, snapshotInterval));

    private MailAddress Postmaster =>
        postmaster ?? MailAddress.Parse("postmaster@" + (state.PrimaryDomain ?? "localhost"));

    private void Enqueue(IDirectoryCommand command, IActorRef sender)
    {
        buffer.Add((command, sender));
        if (writing is null) Flush();
    }

    /// <summary>Decides every buffered command against a running state and writes all their events at once.</summary>
    private void Flush()
    {
        if (buffer.Count == 0) return;
        var batch = new Batch();
        var tentative = state;
        var now = clock.Now;
        foreach (var (command, sender) in buffer)
        {
            var decision = DirectoryLogic.Decide(tentative, command, now);
            foreach (var e in decision.Events)
            {
                tentative = DirectoryLogic.Apply(tentative, e);
                batch.Events.Add(e);
            }
            batch.Replies.Add(new PendingReply(sender, command, decision.Error, batch.Events.Count - 1));
        }
        buffer.Clear();

        while (batch.NextReply < batch.Replies.Count && batch.Replies[batch.NextReply].AfterEvent < 0)
            SendReply(batch.Replies[batch.NextReply++]);
        if (batch.Events.Count == 0) return;

        writing = batch;
        PersistAllAsync(batch.Events, e => OnPersisted(batch, e));
    }

    private void OnPersisted(Batch batch, IDirectoryEvent e)
    {
        state = DirectoryLogic.Apply(state, e);
        eventsSinceSnapshot++;
        int index = batch.Applied++;
        while (batch.NextReply < batch.Replies.Count && batch.Replies[batch.NextReply].AfterEvent == index)
            SendReply(batch.Replies[batch.NextReply++]);
        if (batch.Applied < batch.Events.Count) return;

        writing = null;
        var changed = new DirectoryChanged(state);
        foreach (var s in subscribers) s.Tell(changed);
        if (eventsSinceSnapshot >= snapshotInterval)
        {
            SaveSnapshot(state);
            eventsSinceSnapshot = 0;
        }
        Flush();
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        var batch = writing;
        if (batch is null || !batch.Events.Any(e => ReferenceEquals(e, @event))) return;
        var error = new DirectoryError(DirectoryErrorKind.Invalid, "the directory could not store the change");
        while (batch.NextReply < batch.Replies.Count)
        {
            var r = batch.Replies[batch.NextReply++];
            r.Sender.Tell(new DirectoryReply.Failed(r.Error ?? error));
        }
        writing = null;
        Flush();
    }

    private void SendReply(PendingReply r) => r.Sender.Tell(Reply(r));

    private DirectoryReply Reply(PendingReply r) =>
        r.Error is not null ? new DirectoryReply.Failed(r.Error) : new DirectoryReply.Ok(ValueOf(r.Command));

    private object? ValueOf(IDirectoryCommand command)
    {
        var address = command switch
        {
            DirectoryCommands.AddUser c => c.Address,
            DirectoryCommands.SetUser c => c.Address,
            DirectoryCommands.SetPassword c => c.Address,
            _ => (MailAddress?)null,
        };
        if (address is null) return null;
        var account = state.FindAccount(address.Value);
        return account is null ? null : DirectoryQueries.Describe(state, account);
    }

    private sealed record PendingReply(IActorRef Sender, IDirectoryCommand Command, DirectoryError? Error, int AfterEvent);

    private sealed class Batch
    {
        public List<IDirectoryEvent> Events { get; } = [];
        public List<PendingReply> Replies { get; } = [];
        public int Applied { get; set; }
        public int NextReply { get; set; }
    }
}
