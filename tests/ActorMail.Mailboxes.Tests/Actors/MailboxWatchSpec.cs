using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;
using E = ActorMail.Mailboxes.Store.Events;
using static ActorMail.Mailboxes.Tests.Actors.MailboxTestData;

namespace ActorMail.Mailboxes.Tests.Actors;

/// <summary>Watch acknowledgments and restart notices of mailbox entities, on a real SQLite journal.</summary>
public sealed class MailboxWatchSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Alice = "alice@example.test";
    private readonly SqliteNode _node;

    public MailboxWatchSpec() : this(new SqliteNode())
    {
    }

    private MailboxWatchSpec(SqliteNode node) : base(node.Config, "mailbox-watch") => _node = node;

    /// <summary>A query that throws inside the entity: the entity fails and its supervisor restarts it.</summary>
    private sealed record FailingQuery : MailboxQuery
    {
        public override object Run(MailboxState state) => throw new InvalidOperationException("failing on purpose");
    }

    [Fact]
    public async Task MailboxActor_should_tell_watchers_when_it_restarts_and_serve_them_again_once_they_register()
    {
        var mailboxes = Sys.ActorOf(LocalMailboxRouter.Props(new FixedClock(T0)), "mailboxes");
        var watcher = CreateTestProbe();
        await mailboxes.AskAsync<Delivered>(Alice, Delivery("before"));

        mailboxes.Tell(new MailboxEnvelope(Alice, new WatchMailbox(watcher.Ref)));
        var ack = await watcher.ExpectMsgAsync<MailboxWatched>(Patience);
        Assert.Equal(Alice, ack.Account);
        var entity = ack.Entity;

        mailboxes.Tell(new MailboxEnvelope(Alice, new FailingQuery()));
        var notice = await watcher.ExpectMsgAsync<MailboxRestarting>(Patience);
        Assert.Equal((Alice, entity), (notice.Account, notice.Entity));

        // The new incarnation has forgotten its watchers: a change reaches nobody until they register again.
        await mailboxes.AskAsync<Delivered>(Alice, Delivery("missed"));
        await watcher.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        mailboxes.Tell(new MailboxEnvelope(Alice, new WatchMailbox(watcher.Ref)));
        Assert.Equal(entity, (await watcher.ExpectMsgAsync<MailboxWatched>(Patience)).Entity);
        var delivered = await mailboxes.AskAsync<Delivered>(Alice, Delivery("seen"));
        var added = Assert.IsType<E.MessageAdded>((await watcher.ExpectMsgAsync<MailboxChanged>(Patience)).Event);
        Assert.Equal(delivered.Uid, added.Uid);
        Assert.Equal(3, (await mailboxes.AskAsync<FolderStatus>(Alice, new FolderStatusQuery("INBOX"))).Messages);
    }

    [Fact]
    public async Task MailboxActor_acknowledgment_should_let_a_watcher_notice_that_the_entity_stopped()
    {
        var mailboxes = Sys.ActorOf(LocalMailboxRouter.Props(new FixedClock(T0)), "mailboxes");
        var watcher = CreateTestProbe();
        mailboxes.Tell(new MailboxEnvelope(Alice, new WatchMailbox(watcher.Ref)));
        var first = (await watcher.ExpectMsgAsync<MailboxWatched>(Patience)).Entity;
        await mailboxes.AskAsync<Delivered>(Alice, Delivery("one"));
        Assert.IsType<E.MessageAdded>((await watcher.FishForMessageAsync<MailboxChanged>(c => c.Event is E.MessageAdded, Patience)).Event);

        // A stop (as after a journal failure) is seen through the acknowledged reference.
        watcher.Watch(first);
        first.Tell(PoisonPill.Instance);
        await watcher.ExpectTerminatedAsync(first, Patience);

        // Registering again through the router starts a new incarnation with the persisted state. Until the router
        // has seen the stop, a registration may still reach the stopped entity and be lost, so a watcher repeats
        // it (as the IMAP session does) until it is acknowledged.
        IActorRef second = ActorRefs.Nobody;
        await AwaitAssertAsync(async () =>
        {
            mailboxes.Tell(new MailboxEnvelope(Alice, new WatchMailbox(watcher.Ref)));
            second = (await watcher.ExpectMsgAsync<MailboxWatched>(TimeSpan.FromSeconds(1))).Entity;
        }, Patience, TimeSpan.FromMilliseconds(50));
        Assert.NotEqual(first, second);
        await mailboxes.AskAsync<Delivered>(Alice, Delivery("two"));
        var added = Assert.IsType<E.MessageAdded>((await watcher.FishForMessageAsync<MailboxChanged>(c => c.Event is E.MessageAdded, Patience)).Event);
        Assert.Equal(2u, added.Uid);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _node.Dispose();
    }
}
