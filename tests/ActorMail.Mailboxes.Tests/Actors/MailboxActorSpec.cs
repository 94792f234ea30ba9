using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;
using Akka.TestKit;
using E = ActorMail.Mailboxes.Store.Events;
using static ActorMail.Mailboxes.Tests.Actors.MailboxTestData;

namespace ActorMail.Mailboxes.Tests.Actors;

/// <summary>Mailbox entities on a real SQLite journal, restarted on the same file.</summary>
public sealed class MailboxActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Alice = "alice@example.test";
    private readonly SqliteNode _node;
    private readonly IClock _clock = new FixedClock(T0);

    public MailboxActorSpec() : this(new SqliteNode())
    {
    }

    private MailboxActorSpec(SqliteNode node) : base(node.Config, "mailboxes-first") => _node = node;

    private IActorRef Router(ActorSystem system, TimeSpan? idleAfter = null) =>
        system.ActorOf(LocalMailboxRouter.Props(_clock, idleAfter), "mailboxes");

    private async Task<(ActorSystem System, IActorRef Mailboxes)> RestartAsync(ActorSystem running, string name)
    {
        var next = await _node.RestartAsync(running, name);
        return (next, Router(next));
    }

    private long JournalRows(string account) =>
        _node.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = $p AND deleted = 0", ("$p", "mailbox-" + account));

    private long SnapshotRows(string account) =>
        _node.Scalar("SELECT COUNT(*) FROM snapshot WHERE persistence_id = $p", ("$p", "mailbox-" + account));

    [Fact]
    public async Task MailboxActor_should_reply_only_once_the_change_is_on_disk()
    {
        var mailboxes = Router(Sys);
        var delivered = await mailboxes.AskAsync<Delivered>(Alice, Delivery("d1"));
        Assert.Equal(1u, delivered.Uid);
        Assert.IsType<FolderCreated>(await mailboxes.AskAsync(Alice, new CreateFolder("Projects")));

        // Nothing but the replies has been awaited: a new system on the file must see both changes.
        var (_, again) = await RestartAsync(Sys, "mailboxes-second");
        var status = await again.AskAsync<FolderStatus>(Alice, new FolderStatusQuery("INBOX"));
        Assert.Equal(1, status.Messages);
        Assert.Equal(2u, status.UidNext);
        var folders = await again.AskAsync<FolderList>(Alice, new ListFoldersQuery());
        Assert.Contains(folders.Folders, f => f.Name == "Projects");
    }

    [Fact]
    public async Task MailboxActor_should_deliver_a_concurrent_burst_with_distinct_uids_in_fewer_writes()
    {
        var mailboxes = Router(Sys);
        var replies = await Task.WhenAll(Enumerable.Range(1, 200).Select(i => mailboxes.AskAsync(Alice, Delivery("burst-" + i))));

        var uids = replies.Select(r => Assert.IsType<Delivered>(r).Uid).OrderBy(u => u).ToArray();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (uint)i), uids);
        Assert.Single(replies.Select(r => ((Delivered)r).UidValidity).Distinct());

        // The journal stamps every row of one write with the same time: rows of one PersistAll share it.
        long writes = _node.Scalar("SELECT COUNT(DISTINCT created) FROM journal WHERE persistence_id = $p", ("$p", "mailbox-" + Alice));
        Assert.InRange(writes, 1, 199);

        var before = await mailboxes.DescribeAsync(Alice);
        var (_, again) = await RestartAsync(Sys, "mailboxes-second");
        Assert.Equal(before, await again.DescribeAsync(Alice));
    }

    [Fact]
    public async Task MailboxActor_should_answer_queries_in_order_after_the_commands_sent_before_them()
    {
        var mailboxes = Router(Sys);
        var client = CreateTestProbe();
        client.Send(mailboxes, new MailboxEnvelope(Alice, Delivery("q1"), 1));
        client.Send(mailboxes, new MailboxEnvelope(Alice, new FolderStatusQuery("INBOX"), 2));
        client.Send(mailboxes, new MailboxEnvelope(Alice, new CreateFolder("Later"), 3));
        client.Send(mailboxes, new MailboxEnvelope(Alice, new ListFoldersQuery(), 4));
        client.Send(mailboxes, new MailboxEnvelope(Alice, Delivery("q2"), 5));
        client.Send(mailboxes, new MailboxEnvelope(Alice, new MessagePageQuery("INBOX", 1, uint.MaxValue), 6));

        var responses = new List<MailboxResponse>();
        for (int i = 0; i < 6; i++) responses.Add(await client.ExpectMsgAsync<MailboxResponse>(Patience));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, responses.Select(r => r.Correlation));
        Assert.Equal(1u, Assert.IsType<Delivered>(responses[0].Result).Uid);
        Assert.Equal(1, Assert.IsType<FolderStatus>(responses[1].Result).Messages);
        Assert.Contains(Assert.IsType<FolderList>(responses[3].Result).Folders, f => f.Name == "Later");
        Assert.Equal(2u, Assert.IsType<Delivered>(responses[4].Result).Uid);
        Assert.Equal(new uint[] { 1, 2 }, Assert.IsType<MessagePage>(responses[5].Result).Messages.Select(m => m.Uid));
    }

    [Fact]
    public async Task MailboxActor_should_tell_watchers_after_persist_and_drop_them_when_they_terminate()
    {
        var idle = TimeSpan.FromMilliseconds(250);
        var mailboxes = Router(Sys, idle);
        var watcher = CreateTestProbe();
        var unwatched = CreateTestProbe();
        var client = CreateTestProbe();

        mailboxes.Tell(new MailboxEnvelope(Alice, new WatchMailbox(watcher.Ref)));
        mailboxes.Tell(new MailboxEnvelope(Alice, new WatchMailbox(unwatched.Ref)));
        mailboxes.Tell(new MailboxEnvelope(Alice, new UnwatchMailbox(unwatched.Ref)));
        client.Send(mailboxes, new MailboxEnvelope(Alice, Delivery("w1"), 7));
        var reply = await client.ExpectMsgAsync<MailboxResponse>(Patience);
        var entity = client.LastSender;

        // Each watch is acknowledged to the watcher with the entity's own reference.
        Assert.Equal(entity, (await watcher.ExpectMsgAsync<MailboxWatched>(Patience)).Entity);
        Assert.Equal(entity, (await unwatched.ExpectMsgAsync<MailboxWatched>(Patience)).Entity);

        // Watchers are told from the persist handler, before the reply leaves.
        var changes = new List<IMailboxEvent>();
        while (watcher.HasMessages) changes.Add((await watcher.ExpectMsgAsync<MailboxChanged>(Patience)).Event);
        var added = Assert.IsType<E.MessageAdded>(changes[^1]);
        Assert.Equal(Assert.IsType<Delivered>(reply.Result).Uid, added.Uid);
        Assert.All(changes.SkipLast(1), c => Assert.IsType<E.FolderCreated>(c));
        Assert.False(unwatched.HasMessages);

        // A watched entity does not stop when idle.
        client.Watch(entity);
        await client.ExpectNoMsgAsync(idle * 3);

        // Once its only watcher is gone it goes idle and stops.
        Sys.Stop(watcher.Ref);
        await client.ExpectTerminatedAsync(entity, Patience);

        // The next message starts a new incarnation with the persisted state.
        var status = await mailboxes.AskAsync<FolderStatus>(Alice, new FolderStatusQuery("INBOX"));
        Assert.Equal(1, status.Messages);
    }

    [Fact]
    public async Task MailboxActor_should_recover_the_same_state_after_a_full_restart()
    {
        var mailboxes = Router(Sys);
        for (int i = 1; i <= 6; i++) await mailboxes.AskAsync<Delivered>(Alice, Delivery("r" + i));
        await mailboxes.AskAsync<FolderCreated>(Alice, new CreateFolder("Work/Reports"));
        await mailboxes.AskAsync<FlagsStored>(Alice, new StoreFlags("INBOX", UidSet.FromRange(1, 2), StoreMode.Add, MessageFlags.Seen | MessageFlags.Flagged, ["$Label1"]));
        await mailboxes.AskAsync<Moved>(Alice, new MoveMessages("INBOX", UidSet.Single(3), "Work/Reports"));
        await mailboxes.AskAsync<Copied>(Alice, new CopyMessages("INBOX", UidSet.FromRange(1, 2), "Work"));
        await mailboxes.AskAsync<FlagsStored>(Alice, new StoreFlags("INBOX", UidSet.Single(4), StoreMode.Add, MessageFlags.Deleted, []));
        await mailboxes.AskAsync<Expunged>(Alice, new ExpungeMessages("INBOX"));
        await mailboxes.AskAsync<SubscriptionChanged>(Alice, new SetSubscription("Work/Reports", true));
        await mailboxes.AskAsync<RecentClaimed>(Alice, new ClaimRecent("INBOX"));
        await mailboxes.AskAsync<FolderRenamed>(Alice, new RenameFolder("Work", "Office"));
        var before = await mailboxes.DescribeAsync(Alice);
        Assert.Contains("Office/Reports", before);
        Assert.Contains("kw=$Label1", before);

        var (second, again) = await RestartAsync(Sys, "mailboxes-second");
        Assert.Equal(before, await again.DescribeAsync(Alice));

        // UIDs and modseqs continue where they were.
        var next = await again.AskAsync<Delivered>(Alice, Delivery("r7"));
        Assert.Equal(7u, next.Uid);
        var after = await again.DescribeAsync(Alice);
        var (_, third) = await RestartAsync(second, "mailboxes-third");
        Assert.Equal(after, await third.DescribeAsync(Alice));
    }

    [Fact]
    public async Task MailboxActor_should_recover_from_its_snapshot_and_the_events_after_it()
    {
        var mailboxes = Router(Sys);
        var replies = await Task.WhenAll(Enumerable.Range(1, 1490).Select(i => mailboxes.AskAsync(Alice, Delivery("s" + i))));
        Assert.All(replies, r => Assert.IsType<Delivered>(r));
        await AwaitConditionAsync(() => Task.FromResult(SnapshotRows(Alice) == 1), Patience);
        for (int i = 1491; i <= 1500; i++) await mailboxes.AskAsync<Delivered>(Alice, Delivery("s" + i));
        var before = await mailboxes.DescribeAsync(Alice);
        await Sys.Terminate();

        long snapshotAt = _node.Scalar("SELECT MAX(sequence_number) FROM snapshot WHERE persistence_id = $p", ("$p", "mailbox-" + Alice));
        long last = _node.Scalar("SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $p", ("$p", "mailbox-" + Alice));
        Assert.InRange(snapshotAt, 1000, last - 1);

        // Without the events the snapshot covers, only snapshot + tail can give the full mailbox back.
        long deleted = _node.Scalar("DELETE FROM journal WHERE persistence_id = $p AND sequence_number <= $s; SELECT changes()",
            ("$p", "mailbox-" + Alice), ("$s", snapshotAt));
        Assert.Equal(snapshotAt, deleted);
        var system = _node.Start("mailboxes-second");
        var again = Router(system);
        Assert.Equal(before, await again.DescribeAsync(Alice));
        Assert.Equal(1501u, (await again.AskAsync<Delivered>(Alice, Delivery("s1501"))).Uid);
    }

    [Fact]
    public async Task MailboxActor_should_purge_messages_and_journal_and_start_fresh_afterwards()
    {
        var mailboxes = Router(Sys);
        await mailboxes.AskAsync<Delivered>(Alice, Delivery("p1", "shared"));
        await mailboxes.AskAsync<Delivered>(Alice, Delivery("p2", "own"));
        await mailboxes.AskAsync<Copied>(Alice, new CopyMessages("INBOX", UidSet.Single(1), "Trash"));
        Assert.True(JournalRows(Alice) > 0);

        var purged = await mailboxes.AskAsync<MailboxPurged>(Alice, new PurgeMailbox());
        Assert.Equal(new[] { Blob("own").Hash, Blob("shared").Hash }.Order(), purged.ReleasedBlobs.Select(b => b.Hash).Order());
        await AwaitConditionAsync(() => Task.FromResult(JournalRows(Alice) == 0 && SnapshotRows(Alice) == 0), Patience);
        var gone = await mailboxes.AskAsync<MailboxDecision.Failure>(Alice, new FolderStatusQuery("INBOX"));
        Assert.Equal(MailboxError.NoSuchFolder, gone.Code);
        Assert.Empty((await mailboxes.AskAsync<BlobHashPage>(Alice, new BlobHashesQuery(null))).Hashes);

        // A later message starts a new mailbox, on disk as in memory.
        Assert.Equal(1u, (await mailboxes.AskAsync<Delivered>(Alice, Delivery("p3"))).Uid);
        var before = await mailboxes.DescribeAsync(Alice);
        var (_, again) = await RestartAsync(Sys, "mailboxes-second");
        var after = await again.DescribeAsync(Alice);
        Assert.Equal(before, after);
        Assert.Equal(1u, Assert.Single((await again.AskAsync<MessagePage>(Alice, new MessagePageQuery("INBOX", 1, uint.MaxValue))).Messages).Uid);
        Assert.Empty((await again.AskAsync<MessagePage>(Alice, new MessagePageQuery("Trash", 1, uint.MaxValue))).Messages);
    }

    [Fact]
    public async Task MailboxActor_should_not_deliver_a_delivery_id_twice_across_restarts()
    {
        var mailboxes = Router(Sys);
        Assert.Equal(1u, (await mailboxes.AskAsync<Delivered>(Alice, Delivery("node:1"))).Uid);
        await mailboxes.AskAsync<DuplicateDelivery>(Alice, Delivery("node:1"));

        var (_, again) = await RestartAsync(Sys, "mailboxes-second");
        await again.AskAsync<DuplicateDelivery>(Alice, Delivery("node:1"));
        Assert.Equal(2u, (await again.AskAsync<Delivered>(Alice, Delivery("node:2"))).Uid);
        Assert.Equal(2, (await again.AskAsync<FolderStatus>(Alice, new FolderStatusQuery("INBOX"))).Messages);
    }

    [Fact]
    public async Task LocalMailboxRouter_should_route_each_account_to_its_own_entity()
    {
        var mailboxes = Router(Sys);
        var client = CreateTestProbe();
        const string bob = "bob@example.test";

        client.Send(mailboxes, new MailboxEnvelope(Alice, Delivery("a1"), 1));
        var a1 = await client.ExpectMsgAsync<MailboxResponse>(Patience);
        var aliceEntity = client.LastSender;
        client.Send(mailboxes, new MailboxEnvelope(bob, Delivery("b1"), 2));
        var b1 = await client.ExpectMsgAsync<MailboxResponse>(Patience);
        var bobEntity = client.LastSender;
        client.Send(mailboxes, new MailboxEnvelope(Alice, Delivery("a2"), 3));
        var a2 = await client.ExpectMsgAsync<MailboxResponse>(Patience);

        Assert.Equal((Alice, 1u), (a1.Account, Assert.IsType<Delivered>(a1.Result).Uid));
        Assert.Equal((bob, 1u), (b1.Account, Assert.IsType<Delivered>(b1.Result).Uid));
        Assert.Equal((Alice, 2u), (a2.Account, Assert.IsType<Delivered>(a2.Result).Uid));
        Assert.Equal(aliceEntity, client.LastSender);
        Assert.NotEqual(aliceEntity, bobEntity);
        Assert.Equal("mailbox-" + Uri.EscapeDataString(Alice), aliceEntity.Path.Name);
        Assert.Equal(mailboxes.Path, aliceEntity.Path.Parent);
        Assert.Equal(2, (await mailboxes.AskAsync<FolderStatus>(Alice, new FolderStatusQuery("INBOX"))).Messages);
        Assert.Equal(1, (await mailboxes.AskAsync<FolderStatus>(bob, new FolderStatusQuery("INBOX"))).Messages);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _node.Dispose();
    }
}
