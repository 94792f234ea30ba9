using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery.Outbound;
using ActorMail.Delivery.Queue;
using Akka.Actor;
using static ActorMail.Delivery.Tests.Outbound.OutboundHarness;

namespace ActorMail.Delivery.Tests.Outbound;

/// <summary>
/// Each transaction's outcome is recorded as soon as its reply arrives, so a node stopped in the
/// middle of a message resends only what was not recorded; and the due messages the coordinator
/// keeps waiting for its next free worker (ready, or in the hand-off) follow `queue delete` and the
/// offline switch.
/// </summary>
public sealed class TransactionRecordSpec
{
    private const string Sender = "alice@local.test";

    private static SmarthostSettings Relay(SmtpPeer peer) => new()
    {
        Host = "127.0.0.1", Port = peer.EndPoint.Port, Tls = SmarthostTls.None, Username = null, Password = null,
    };

    private static async Task<DeliveryStatus> StatusAsync(OutboundHarness h) =>
        await h.Coordinator.Ask<DeliveryStatus>(GetDeliveryStatus.Instance, TestData.Patience);

    private static IEnumerable<string> Rcpts(IEnumerable<PeerTransaction> transactions) =>
        transactions.SelectMany(t => t.RcptLines).Select(l => l[(l.IndexOf('<') + 1)..l.IndexOf('>')]);

    [Fact]
    public async Task A_node_stopped_mid_message_resends_only_the_transactions_not_yet_recorded()
    {
        // Six recipients, one per transaction: the relay accepts three, then never answers the fourth DATA.
        await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript { HangAfterData = n => n == 4 }))[0];
        var settings = Settings(0, null) with { Smarthost = Relay(relay), RecipientsPerMessage = 1, Timeout = TimeSpan.FromSeconds(30) };
        var all = Enumerable.Range(1, 6).Select(i => $"r{i}@far.example").ToArray();
        await using var h = new OutboundHarness(new SqliteNode()) { Directory = DirectoryWith(Account(Sender)) };
        await h.StartAsync(Options(settings));
        var id = await h.SubmitAsync(Sender, all);

        // The first three outcomes are durable while the message is still in flight.
        QueuedMessage? during = null;
        await UntilAsync(async () =>
        {
            during = (await h.QueuedAsync()).SingleOrDefault(m => m.Id == id);
            return relay.DataStarted == 4 && during?.Recipients.Count(r => r.Status == RecipientStatus.Delivered) == 3;
        }, what: "three transactions recorded, the fourth in DATA");
        Assert.Equal(all[..3], during!.Recipients.Where(r => r.Status == RecipientStatus.Delivered).Select(r => r.Address.ToString()));
        Assert.Equal(1, (await StatusAsync(h)).Leased);
        Assert.Equal(3, relay.Transactions.Count);

        // Stop the node without letting the attempt finish, and start it again on the same journal.
        await h.StartAsync(Options(settings));
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "the rest delivered after the restart");

        var sent = Rcpts(relay.Transactions).ToList();
        Assert.Equal(all.OrderBy(a => a, StringComparer.Ordinal), sent.OrderBy(a => a, StringComparer.Ordinal));
        Assert.Equal(all[3..], Rcpts(relay.Transactions.Skip(3)).OrderBy(a => a, StringComparer.Ordinal));
        Assert.Equal(2, relay.Connections);
    }

    [Fact]
    public async Task Messages_kept_ready_for_a_busy_worker_follow_queue_delete_and_offline()
    {
        // One worker, held by a first message whose DATA is never answered until the timeout.
        await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript { HangAfterData = n => n == 1 }))[0];
        var settings = Settings(0, null) with { Smarthost = Relay(relay), Workers = 1, Timeout = TimeSpan.FromSeconds(1) };
        await using var h = new OutboundHarness { Directory = DirectoryWith(Account(Sender)) };
        await h.StartAsync(Options(settings));
        var first = await h.SubmitAsync(Sender, "first@far.example");
        await UntilAsync(() => relay.DataStarted == 1, what: "first message in DATA");
        var deleted = await h.SubmitAsync(Sender, "deleted@far.example");
        await h.SubmitAsync(Sender, "later@far.example");
        // Both wait for the busy worker: the older one in the hand-off (leased), the other one ready.
        await UntilAsync(async () => (await StatusAsync(h)) is { Leased: 2, Ready: 1 }, what: "two messages waiting for the busy worker");

        Assert.Null((await h.Queue.AskQueueAsync(new DeleteQueued(deleted))).Error);
        await UntilAsync(async () => (await StatusAsync(h)) is { Leased: 2, Ready: 0 }, what: "the deleted message taken back from the hand-off, the other one in its place");
        Assert.Null((await h.Queue.AskQueueAsync(new SetConnectionOverride(ActorMail.Delivery.Queue.ConnectionMode.Offline))).Error);
        await UntilAsync(async () => (await StatusAsync(h)) is { Offline: true, Ready: 0, Leased: 1 }, what: "offline empties the ready list");

        // The worker comes free (timeout, a temporary failure) while offline: nothing else starts.
        await UntilAsync(async () => (await h.QueuedAsync()).Single(m => m.Id == first).Recipients.Single().Attempts == 1, what: "first attempt recorded");
        await UntilAsync(async () => (await StatusAsync(h)).IdleWorkers == 1, what: "worker idle");
        Assert.Equal(1, relay.DataStarted);

        Assert.Null((await h.Queue.AskQueueAsync(new SetConnectionOverride(ActorMail.Delivery.Queue.ConnectionMode.Permanent))).Error);
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "the rest delivered online");
        Assert.Equal(new[] { "first@far.example", "later@far.example" }, Rcpts(relay.Transactions).Order(StringComparer.Ordinal));
    }
}
