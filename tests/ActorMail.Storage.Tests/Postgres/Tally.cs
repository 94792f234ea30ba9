using Akka.Actor;
using Akka.Persistence;

namespace ActorMail.Storage.Tests.Postgres;

/// <summary>
/// A persistent actor that records text items and snapshots them on request; it reports whether its
/// recovery started from a snapshot and how many events were replayed on top.
/// </summary>
public sealed class Tally : ReceivePersistentActor
{
    private List<string> items = [];
    private bool fromSnapshot;
    private int replayed;
    private IActorRef? snapshotRequester;

    public Tally(string id)
    {
        PersistenceId = id;
        Recover<SnapshotOffer>(offer =>
        {
            items = [.. (string[])offer.Snapshot];
            fromSnapshot = true;
        });
        Recover<string>(item =>
        {
            items.Add(item);
            replayed++;
        });
        Command<Add>(add => Persist(add.Item, item =>
        {
            items.Add(item);
            Sender.Tell(new Added(item));
        }));
        Command<TakeSnapshot>(_ =>
        {
            snapshotRequester = Sender;
            SaveSnapshot(items.ToArray());
        });
        Command<SaveSnapshotSuccess>(success => snapshotRequester?.Tell(new SnapshotTaken(success.Metadata.SequenceNr)));
        Command<SaveSnapshotFailure>(failure => snapshotRequester?.Tell(new Status.Failure(failure.Cause)));
        Command<Get>(_ => Sender.Tell(new State(items.ToArray(), fromSnapshot, replayed)));
    }

    public override string PersistenceId { get; }

    public static Props Props(string id) => Akka.Actor.Props.Create(() => new Tally(id));

    public sealed record Add(string Item);

    public sealed record Added(string Item);

    public sealed record TakeSnapshot
    {
        public static TakeSnapshot Instance { get; } = new();
    }

    public sealed record SnapshotTaken(long SequenceNr);

    public sealed record Get
    {
        public static Get Instance { get; } = new();
    }

    /// <summary>The items, whether recovery began with a snapshot, and the number of events replayed.</summary>
    public sealed record State(string[] Items, bool FromSnapshot, int Replayed);
}
