using Akka.Actor;
using Akka.Persistence;

namespace ActorMail.Storage.Tests.Persistence;

/// <summary>A persistent actor that records text items: each <see cref="Add"/> becomes one event.</summary>
public sealed class Ledger : ReceivePersistentActor
{
    private readonly List<string> items = [];

    public Ledger(string id)
    {
        PersistenceId = id;
        Recover<string>(item => items.Add(item));
        Command<Add>(add => Persist(add.Item, item =>
        {
            items.Add(item);
            Sender.Tell(new Added(item));
        }));
        Command<Get>(_ => Sender.Tell(items.ToArray()));
    }

    public override string PersistenceId { get; }

    public static Props Props(string id) => Akka.Actor.Props.Create(() => new Ledger(id));

    public sealed record Add(string Item);

    public sealed record Added(string Item);

    public sealed record Get
    {
        public static Get Instance { get; } = new();
    }
}
