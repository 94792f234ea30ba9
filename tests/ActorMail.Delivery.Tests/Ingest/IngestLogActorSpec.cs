using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Queue;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;
using static ActorMail.Delivery.Tests.TestData;

namespace ActorMail.Delivery.Tests.Ingest;

/// <summary>
/// The ingest log on a real SQLite journal with real mailbox entities (local router) and the real
/// outbound queue; a test probe stands in for a mailbox region that is down.
/// </summary>
public sealed class IngestLogActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string LogId = "node1";
    private const string Alice = "alice@local.test";
    private const string Bob = "bob@local.test";
    private readonly SqliteNode _node;
    private readonly ManualClock _clock = new(T0);

    public IngestLogActorSpec() : this(new SqliteNode())
    {
    }

    private IngestLogActorSpec(SqliteNode node) : base(node.Config, "ingest-first") => _node = node;

    private sealed record Node(ActorSystem System, IActorRef Mailboxes, IActorRef Queue, IActorRef Ingest);

    /// <summary>Starts the ingest log with the real queue, and real mailboxes unless <paramref name="mailboxes"/> stands in for them.</summary>
    private Node Start(ActorSystem system, IActorRef? mailboxes = null, TimeSpan? retryAfter = null)
    {
        var real = system.ActorOf(LocalMailboxRouter.Props(_clock), "mailboxes");
        var queue = system.ActorOf(OutboundQueueActor.Props(_clock), "outbound-queue");
        var ingest = system.ActorOf(IngestLogActor.Props(LogId, mailboxes ?? real, queue, _clock, retryAfter), "ingest");
        return new Node(system, real, queue, ingest);
    }

    private static IngestRequest Request(string blobSeed, string[] local, params EnvelopeRecipient[] remote)
    {
        var all = local.Select(l => new EnvelopeRecipient(A(l))).Concat(remote).ToList();
        return new IngestRequest(
            new MailEnvelope(A("carol@local.test"), all, DsnReturn.Headers, "env-" + blobSeed, "carol@local.test"),
            Blob(blobSeed), local, remote);
    }

    private static async Task<string> AcceptAsync(IActorRef ingest, IngestRequest request) =>
        (await ingest.Ask<IngestAccepted>(request, Patience)).Id;

    private static async Task<IReadOnlyList<BlobRef>> PendingAsync(IActorRef ingest) =>
        (await ingest.Ask<PendingBlobs>(new GetPendingBlobs(), Patience)).Blobs;

    private Task UntilSettledAsync(IActorRef ingest) =>
        AwaitAssertAsync(async () => Assert.Empty(await PendingAsync(ingest)), Patience, TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task IngestLog_should_put_an_accepted_message_in_every_local_inbox_and_queue_the_remote_recipients()
    {
        var node = Start(Sys);
        var x = new EnvelopeRecipient(A("X@Remote.test"), DsnNotify.Success | DsnNotify.Failure, "rfc822;X@Remote.test");
        var y = new EnvelopeRecipient(A("y@remote.test"), DsnNotify.Never);
        var id = await AcceptAsync(node.Ingest, Request("m1", [Alice, Bob], x, y));
        Assert.Equal(LogId + ":1", id);

        await AwaitAssertAsync(async () =>
        {
            foreach (var account in new[] { Alice, Bob })
            {
                var inbox = await node.Mailboxes.InboxAsync(account);
                Assert.Equal(Blob("m1"), Assert.Single(inbox).Blob);
                Assert.Equal(T0, inbox[0].InternalDate);
            }
        }, Patience, TimeSpan.FromMilliseconds(50));

        var queued = (await node.Queue.Ask<QueuedLookup>(new GetQueued(id), Patience)).Message;
        Assert.NotNull(queued);
        Assert.Equal((Blob("m1"), DsnReturn.Headers, "env-m1", "carol@local.test", (MailAddress?)A("carol@local.test")),
            (queued.Blob, queued.Return, queued.EnvelopeId, queued.AuthenticatedUser, queued.Sender));
        Assert.Equal(2, queued.Recipients.Count);
        Assert.Equal((A("x@remote.test"), DsnNotify.Success | DsnNotify.Failure, "rfc822;X@Remote.test", RecipientStatus.Pending),
            (queued.Recipients[0].Address, queued.Recipients[0].Notify, queued.Recipients[0].OriginalRecipient, queued.Recipients[0].Status));
        Assert.Equal((A("y@remote.test"), DsnNotify.Never, (string?)null), (queued.Recipients[1].Address, queued.Recipients[1].Notify, queued.Recipients[1].OriginalRecipient));

        await UntilSettledAsync(node.Ingest);

        // A message for remote recipients only never touches a mailbox.
        var remoteOnly = await AcceptAsync(node.Ingest, Request("m2", [], y));
        Assert.Equal(LogId + ":2", remoteOnly);
        await UntilSettledAsync(node.Ingest);
        Assert.NotNull((await node.Queue.Ask<QueuedLookup>(new GetQueued(remoteOnly), Patience)).Message);
        Assert.Single(await node.Mailboxes.InboxAsync(Alice));
    }

    [Fact]
    public async Task IngestLog_should_reject_a_message_without_recipients()
    {
        var node = Start(Sys);
        var reply = await node.Ingest.Ask<object>(Request("empty", []), Patience);
        Assert.False(string.IsNullOrWhiteSpace(Assert.IsType<IngestRejected>(reply).Reason));
        Assert.Empty(await PendingAsync(node.Ingest));

        // The refused request used no sequence number.
        Assert.Equal(LogId + ":1", await AcceptAsync(node.Ingest, Request("m1", [Alice])));
    }

    [Fact]
    public async Task IngestLog_should_deliver_nothing_twice_after_a_restart()
    {
        var node = Start(Sys);
        var remote = new EnvelopeRecipient(A("far@remote.test"));
        var ids = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => AcceptAsync(node.Ingest, Request("r" + i, [Alice], remote))));
        Assert.Equal(["node1:1", "node1:2", "node1:3"], ids.Order());
        await AwaitAssertAsync(async () => Assert.Equal(3, (await node.Mailboxes.InboxAsync(Alice)).Count), Patience, TimeSpan.FromMilliseconds(50));

        // Restarted at once: whatever was not settled yet is handed on again, and dropped as a duplicate.
        var second = Start(await _node.RestartAsync(Sys, "ingest-second"));
        await UntilSettledAsync(second.Ingest);
        var inbox = await second.Mailboxes.InboxAsync(Alice);
        Assert.Equal(new uint[] { 1, 2, 3 }, inbox.Select(m => m.Uid));
        Assert.Equal(["node1:1", "node1:2", "node1:3"], (await second.Queue.ListAllAsync()).Select(m => m.Id));

        // The sequence goes on after the restart.
        Assert.Equal(LogId + ":4", await AcceptAsync(second.Ingest, Request("r4", [Alice])));
        await AwaitAssertAsync(async () => Assert.Equal(4, (await second.Mailboxes.InboxAsync(Alice)).Count), Patience, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task IngestLog_should_replay_unsettled_messages_after_a_restart_until_they_are_settled()
    {
        // First run: the mailbox region is down (a probe that never answers).
        var down = CreateTestProbe();
        var first = Start(Sys, down.Ref);
        var remote = new EnvelopeRecipient(A("far@remote.test"), DsnNotify.Failure);
        var id = await AcceptAsync(first.Ingest, Request("u1", [Alice, Bob], remote));
        var sent = new[] { await down.ExpectMsgAsync<MailboxEnvelope>(Patience), await down.ExpectMsgAsync<MailboxEnvelope>(Patience) };
        Assert.Equal([Alice, Bob], sent.Select(e => e.Account).Order());
        Assert.All(sent, e => Assert.Equal(new DeliverMessage(id, Blob("u1"), Blob("u1").Length, T0), e.Message));
        Assert.Equal(Blob("u1"), Assert.Single(await PendingAsync(first.Ingest)));

        // Second run, mailboxes up: the message arrives exactly once, then the log settles it.
        var second = Start(await _node.RestartAsync(Sys, "ingest-second"));
        await AwaitAssertAsync(async () =>
        {
            Assert.Single(await second.Mailboxes.InboxAsync(Alice));
            Assert.Single(await second.Mailboxes.InboxAsync(Bob));
        }, Patience, TimeSpan.FromMilliseconds(50));
        await UntilSettledAsync(second.Ingest);
        Assert.Single(await second.Mailboxes.InboxAsync(Alice));
        Assert.Equal([id], (await second.Queue.ListAllAsync()).Select(m => m.Id));

        // Third run: the settle event is on disk, so nothing is handed on again.
        var third = await _node.RestartAsync(second.System, "ingest-third");
        var watcher = CreateTestProbe(third);
        var thirdNode = Start(third, watcher.Ref);
        Assert.Empty(await PendingAsync(thirdNode.Ingest));
        // Recovery hands messages on before any query is answered, so anything replayed would be here already.
        Assert.False(watcher.HasMessages);
        Assert.Single(await thirdNode.Mailboxes.InboxAsync(Alice));
        Assert.Single(await thirdNode.Mailboxes.InboxAsync(Bob));
    }

    [Fact]
    public async Task IngestLog_should_hand_a_message_on_again_until_its_mailbox_answers()
    {
        var mailbox = CreateTestProbe();
        var node = Start(Sys, mailbox.Ref, retryAfter: TimeSpan.Zero);
        var id = await AcceptAsync(node.Ingest, Request("late", [Alice]));

        var firstTry = await mailbox.ExpectMsgAsync<MailboxEnvelope>(Patience);
        var secondTry = await mailbox.ExpectMsgAsync<MailboxEnvelope>(Patience);
        Assert.Equal(firstTry, secondTry);
        Assert.Equal(id, Assert.IsType<DeliverMessage>(secondTry.Message).DeliveryId);

        mailbox.Reply(new MailboxResponse(Alice, secondTry.Correlation, new Delivered(1, 1)));
        await UntilSettledAsync(node.Ingest);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _node.Dispose();
    }
}
