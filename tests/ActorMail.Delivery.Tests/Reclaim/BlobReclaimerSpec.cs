using System.Text;
using ActorMail.Accounts;
using ActorMail.Accounts.Authentication;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Queue;
using ActorMail.Delivery.Reclaim;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Storage.Blobs;
using Akka.Actor;
using static ActorMail.Delivery.Tests.TestData;

namespace ActorMail.Delivery.Tests.Reclaim;

/// <summary>Blob reclaim against the real directory, mailboxes, queue and ingest log on SQLite, and a real segment store.</summary>
public sealed class BlobReclaimerSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Alice = "alice@local.test";
    private const string Bob = "bob@local.test";

    // Three 300-byte bodies (345 bytes with their record headers) fill one 1,100-byte segment.
    private static readonly BlobStoreOptions SmallSegments = new() { SegmentSize = 1100, ReclaimGrace = TimeSpan.Zero };
    private static readonly string PasswordHash = new PasswordHasher(new ArgonParameters(64, 1, 1)).Hash("secret");

    private readonly SqliteNode _node;
    private readonly ManualClock _clock = new(T0);
    private readonly IActorRef _directory;
    private readonly IActorRef _mailboxes;
    private readonly IActorRef _queue;
    private readonly IActorRef _ingest;

    public BlobReclaimerSpec() : this(new SqliteNode())
    {
    }

    private BlobReclaimerSpec(SqliteNode node) : base(node.Config, "reclaim")
    {
        _node = node;
        _directory = Sys.ActorOf(DirectoryActor.Props(_clock), "directory");
        _mailboxes = Sys.ActorOf(LocalMailboxRouter.Props(_clock), "mailboxes");
        _queue = Sys.ActorOf(OutboundQueueActor.Props(_clock), "outbound-queue");
        // The ingest log hands messages to a region that never answers: they stay pending.
        _ingest = Sys.ActorOf(IngestLogActor.Props("node1", CreateTestProbe().Ref, _queue, _clock), "ingest");
    }

    private string BlobFolder => Path.Combine(_node.Folder, "blobs");

    private static byte[] Body(string name)
    {
        var body = new byte[300];
        var text = Encoding.ASCII.GetBytes($"Subject: {name}\r\n\r\n");
        for (int i = 0; i < body.Length; i++) body[i] = i < text.Length ? text[i] : (byte)('a' + ((i + name.Length) % 26));
        return body;
    }

    private static byte[] Read(SegmentBlobStore store, BlobRef blob)
    {
        using var stream = store.OpenRead(blob);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private async Task AddAccountsAsync(params string[] accounts)
    {
        Assert.IsType<DirectoryReply.Ok>(await _directory.Ask<DirectoryReply>(new DirectoryCommands.SeedDomains("local.test", []), Patience));
        foreach (var account in accounts)
            Assert.IsType<DirectoryReply.Ok>(await _directory.Ask<DirectoryReply>(new DirectoryCommands.AddUser(A(account), account, PasswordHash), Patience));
    }

    private async Task DeliverAsync(string account, BlobRef blob) =>
        Assert.IsType<Delivered>(await _mailboxes.AskMailboxAsync(account, new DeliverMessage(Guid.NewGuid().ToString("N"), blob, blob.Length, T0)));

    private async Task EnqueueAsync(string id, BlobRef blob) =>
        Assert.Null((await _queue.AskQueueAsync(new Enqueue(QueueLogic.NewEntry(id,
            new MailEnvelope(A("sender@local.test"), [new EnvelopeRecipient(A("far@remote.test"))]), blob,
            [new EnvelopeRecipient(A("far@remote.test"))], T0)))).Error);

    private async Task IngestPendingAsync(BlobRef blob) =>
        await _ingest.Ask<IngestAccepted>(new IngestRequest(
            new MailEnvelope(A("sender@remote.test"), [new EnvelopeRecipient(A(Alice))]), blob, [Alice], []), Patience);

    [Fact]
    public async Task BlobReclaimer_should_remove_the_blobs_only_a_purged_mailbox_held_and_keep_every_other()
    {
        await AddAccountsAsync(Alice, Bob);
        var store = SegmentBlobStore.Open(BlobFolder, SmallSegments);
        var blobs = new Dictionary<string, BlobRef>();
        // Segment 1: bob's only (deleted); 2: two of bob's and one of alice's (rewritten);
        // 3: alice's, shared, queued; 4 (current): pending in the ingest log, alice's.
        try
        {
            foreach (var name in new[] { "B1", "B2", "B3", "B4", "B5", "A1", "A2", "S", "Q", "P", "A3" })
                blobs[name] = await store.PutAsync(Body(name));
            Assert.Equal(4, store.SegmentCount);

            foreach (var name in new[] { "A1", "A2", "A3", "S" }) await DeliverAsync(Alice, blobs[name]);
            foreach (var name in new[] { "B1", "B2", "B3", "B4", "B5", "S" }) await DeliverAsync(Bob, blobs[name]);
            await DeliverAsync(Bob, blobs["B1"]);
            await EnqueueAsync("node1:q", blobs["Q"]);
            await IngestPendingAsync(blobs["P"]);

            // Bob's account goes: his mailbox is purged and he leaves the directory.
            var purged = Assert.IsType<MailboxPurged>(await _mailboxes.AskMailboxAsync(Bob, new PurgeMailbox()));
            Assert.Equal(6, purged.ReleasedBlobs.Count);
            Assert.IsType<DirectoryReply.Ok>(await _directory.Ask<DirectoryReply>(new DirectoryCommands.RemoveUser(A(Bob)), Patience));

            var result = await new BlobReclaimer(Patience).RunAsync(_directory, _mailboxes, _queue, _ingest, store, CancellationToken.None);

            Assert.Equal(5, result.BlobsRemoved);
            Assert.Equal(2, result.SegmentsDeleted);
            foreach (var name in new[] { "B1", "B2", "B3", "B4", "B5" })
            {
                Assert.False(store.Contains(blobs[name].Hash), name);
                Assert.Throws<BlobNotFoundException>(() => store.OpenRead(blobs[name]));
            }
            foreach (var name in new[] { "A1", "A2", "A3", "S", "Q", "P" })
                Assert.Equal(Body(name), Read(store, blobs[name]));
        }
        finally
        {
            store.Dispose();
        }

        // What was kept (A1 copied out of a rewritten segment included) is durable; what was removed stays gone.
        using var reopened = SegmentBlobStore.Open(BlobFolder, SmallSegments);
        Assert.Equal(6, reopened.Count);
        foreach (var name in new[] { "A1", "A2", "A3", "S", "Q", "P" })
            Assert.Equal(Body(name), Read(reopened, blobs[name]));
        Assert.DoesNotContain(new[] { "B1", "B2", "B3", "B4", "B5" }, name => reopened.Contains(blobs[name].Hash));
    }

    [Fact]
    public async Task BlobReclaimer_should_mark_every_page_of_mailboxes_and_queue_and_the_pending_messages()
    {
        await AddAccountsAsync(Alice, Bob);
        var inMailbox = Enumerable.Range(1, 520).Select(i => Blob("mailbox" + i)).ToList();
        var inQueue = Enumerable.Range(1, 510).Select(i => Blob("queue" + i)).ToList();
        var pending = Blob("pending");

        await Task.WhenAll(inMailbox.Select(b => DeliverAsync(Alice, b)));
        await DeliverAsync(Bob, inMailbox[0]);
        await Task.WhenAll(inQueue.Select((b, i) => EnqueueAsync("node1:q" + i, b)));
        await IngestPendingAsync(pending);

        var live = await new BlobReclaimer(Patience).MarkAsync(_directory, _mailboxes, _queue, _ingest, CancellationToken.None);

        var expected = inMailbox.Concat(inQueue).Append(pending).Select(b => b.Hash).ToHashSet();
        Assert.True(expected.SetEquals(live), $"marked {live.Count} of {expected.Count}");
    }

    [Fact]
    public async Task BlobReclaimer_should_sweep_nothing_when_a_source_gives_an_unexpected_answer()
    {
        await AddAccountsAsync(Alice);
        using var store = SegmentBlobStore.Open(BlobFolder, SmallSegments);
        for (int i = 0; i < 7; i++) await store.PutAsync(Body("dead" + i));
        var confused = Sys.ActorOf(Props.Create(() => new Confused()), "confused");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new BlobReclaimer(Patience).RunAsync(_directory, _mailboxes, confused, _ingest, store, CancellationToken.None));
        Assert.Equal(7, store.Count);
    }

    /// <summary>Answers every message with a string.</summary>
    private sealed class Confused : ReceiveActor
    {
        public Confused() => ReceiveAny(_ => Sender.Tell("what?"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _node.Dispose();
    }
}
