using System.Globalization;
using ActorMail.Core;
using ActorMail.Delivery.Queue;
using Akka.Actor;
using static ActorMail.Delivery.Tests.TestData;

namespace ActorMail.Delivery.Tests.Queue;

/// <summary>The outbound queue on a real SQLite journal, restarted on the same file.</summary>
public sealed class OutboundQueueActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly SqliteNode _node;
    private readonly ManualClock _clock = new(T0);

    public OutboundQueueActorSpec() : this(new SqliteNode())
    {
    }

    private OutboundQueueActorSpec(SqliteNode node) : base(node.Config, "queue-first") => _node = node;

    private IActorRef StartQueue(ActorSystem system) => system.ActorOf(OutboundQueueActor.Props(_clock), "outbound-queue");

    private static string Id(int n) => "node:" + n.ToString("D4", CultureInfo.InvariantCulture);

    [Fact]
    public async Task OutboundQueueActor_should_enqueue_page_show_delete_flush_and_switch_connection_and_keep_it_all_across_a_restart()
    {
        var queue = StartQueue(Sys);
        var replies = await Task.WhenAll(Enumerable.Range(1, 600).Select(n =>
            queue.AskQueueAsync(new Enqueue(Entry(Id(n), "body" + n, $"rcpt{n}@remote.test", "other@remote.test")), n)));
        Assert.All(replies, r => Assert.Null(r.Error));

        // Pages follow the ordinal order of the ids; a page never exceeds 500.
        var first = await queue.Ask<QueuePage>(new ListQueue(null, 10_000), Patience);
        Assert.Equal(OutboundQueueActor.MaxPage, first.Messages.Count);
        Assert.True(first.More);
        Assert.Equal(Id(1), first.Messages[0].Id);
        Assert.Equal(Id(500), first.Messages[^1].Id);
        var second = await queue.Ask<QueuePage>(new ListQueue(Id(500), 500), Patience);
        Assert.Equal(Enumerable.Range(501, 100).Select(Id), second.Messages.Select(m => m.Id));
        Assert.False(second.More);

        // Show: the entry keeps the envelope and each recipient's DSN parameters.
        var shown = (await queue.Ask<QueuedLookup>(new GetQueued(Id(42)), Patience)).Message;
        Assert.NotNull(shown);
        Assert.Equal(Blob("body42"), shown.Blob);
        Assert.Equal(A("sender@local.test"), shown.Sender);
        Assert.Equal(["rcpt42@remote.test", "other@remote.test"], shown.Recipients.Select(r => r.Address.ToString()));
        Assert.All(shown.Recipients, r => Assert.Equal((DsnNotify.Failure | DsnNotify.Delay, RecipientStatus.Pending, 0, (DateTimeOffset?)T0), (r.Notify, r.Status, r.Attempts, r.NextAttempt)));
        Assert.Equal("rfc822;rcpt42@remote.test", shown.Recipients[0].OriginalRecipient);
        Assert.Null((await queue.Ask<QueuedLookup>(new GetQueued("node:9999"), Patience)).Message);

        // Enqueue is idempotent by id; an entry without recipients is refused.
        Assert.Null((await queue.AskQueueAsync(new Enqueue(Entry(Id(1), "other body", "z@remote.test")))).Error);
        Assert.Equal(QueueError.Invalid, (await queue.AskQueueAsync(new Enqueue(Entry("node:empty", "x")))).Error);

        // Delete.
        Assert.Null((await queue.AskQueueAsync(new DeleteQueued(Id(2)), 2)).Error);
        Assert.Null((await queue.Ask<QueuedLookup>(new GetQueued(Id(2)), Patience)).Message);
        Assert.Equal(QueueError.NotFound, (await queue.AskQueueAsync(new DeleteQueued(Id(2)))).Error);

        // An attempt postpones one recipient; flush makes every pending recipient due now.
        Assert.Null((await queue.AskQueueAsync(new RecordAttempt(Id(3), "rcpt3@remote.test", RecipientStatus.Pending, T0.AddHours(4), "451 4.7.1 later"))).Error);
        Assert.Null((await queue.AskQueueAsync(new RecordAttempt(Id(3), "other@remote.test", RecipientStatus.Delivered, null, null))).Error);
        _clock.Now = T0.AddMinutes(30);
        Assert.Null((await queue.AskQueueAsync(new FlushQueue())).Error);
        var flushed = (await queue.Ask<QueuedLookup>(new GetQueued(Id(3)), Patience)).Message!;
        Assert.Equal(T0.AddMinutes(30), flushed.NextAttempt);
        Assert.Equal((1, "451 4.7.1 later"), (flushed.Recipients[0].Attempts, flushed.Recipients[0].LastError));
        Assert.Equal(RecipientStatus.Delivered, flushed.Recipients[1].Status);

        // Connection override.
        Assert.Null((await queue.Ask<ConnectionOverrideValue>(new GetConnectionOverride(), Patience)).Mode);
        Assert.Null((await queue.AskQueueAsync(new SetConnectionOverride(ConnectionMode.Offline))).Error);
        Assert.Equal(ConnectionMode.Offline, (await queue.Ask<ConnectionOverrideValue>(new GetConnectionOverride(), Patience)).Mode);

        var before = (await queue.ListAllAsync(137)).Select(Describe).ToList();
        Assert.Equal(599, before.Count);

        var next = await _node.RestartAsync(Sys, "queue-second");
        var again = StartQueue(next);
        Assert.Equal(before, (await again.ListAllAsync()).Select(Describe));
        Assert.Equal(ConnectionMode.Offline, (await again.Ask<ConnectionOverrideValue>(new GetConnectionOverride(), Patience)).Mode);
        Assert.Null((await again.Ask<QueuedLookup>(new GetQueued(Id(2)), Patience)).Message);

        // Clearing the override and finishing a message persist as well.
        Assert.Null((await again.AskQueueAsync(new SetConnectionOverride(null))).Error);
        Assert.Null((await again.AskQueueAsync(new RecordAttempt(Id(3), "rcpt3@remote.test", RecipientStatus.Failed, null, "550 5.1.1 unknown"))).Error);
        var third = StartQueue(await _node.RestartAsync(next, "queue-third"));
        Assert.Null((await third.Ask<ConnectionOverrideValue>(new GetConnectionOverride(), Patience)).Mode);
        Assert.Null((await third.Ask<QueuedLookup>(new GetQueued(Id(3)), Patience)).Message);
        Assert.Equal(598, (await third.ListAllAsync()).Count);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _node.Dispose();
    }
}
