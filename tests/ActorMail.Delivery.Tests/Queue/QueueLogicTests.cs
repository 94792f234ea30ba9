using ActorMail.Core;
using ActorMail.Delivery.Queue;

namespace ActorMail.Delivery.Tests.Queue;

public class QueueLogicTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BlobRef Blob = new(new string('b', 64), 100);

    private static QueuedMessage Entry(string id, params string[] rcpts) =>
        QueueLogic.NewEntry(id, new MailEnvelope(MailAddress.Parse("a@local.test"), rcpts.Select(r => new EnvelopeRecipient(MailAddress.Parse(r))).ToList()),
            Blob, rcpts.Select(r => new EnvelopeRecipient(MailAddress.Parse(r), DsnNotify.Failure, "rfc822;" + r)), T0);

    private static QueueState Run(QueueState s, params QueueCommand[] commands)
    {
        foreach (var c in commands)
            foreach (var e in QueueLogic.Decide(s, c, T0).Events)
                s = QueueLogic.Apply(s, e);
        return s;
    }

    [Fact]
    public void Enqueue_is_idempotent_by_id()
    {
        var s = Run(QueueState.Empty, new Enqueue(Entry("n:1", "x@remote.test")));
        var again = QueueLogic.Decide(s, new Enqueue(Entry("n:1", "x@remote.test")), T0);
        Assert.Empty(again.Events);
        Assert.Null(again.Error);
        Assert.Single(s.Messages);
        Assert.Equal(DsnNotify.Failure, s.Messages["n:1"].Recipients[0].Notify);
        Assert.Equal("rfc822;x@remote.test", s.Messages["n:1"].Recipients[0].OriginalRecipient);
    }

    [Fact]
    public void Enqueue_without_recipients_is_refused()
    {
        var d = QueueLogic.Decide(QueueState.Empty, new Enqueue(Entry("n:2")), T0);
        Assert.Equal(QueueError.Invalid, d.Error);
    }

    [Fact]
    public void Delete_of_unknown_id_is_not_found()
    {
        var d = QueueLogic.Decide(QueueState.Empty, new DeleteQueued("nope"), T0);
        Assert.Equal(QueueError.NotFound, d.Error);
    }

    [Fact]
    public void Delete_removes_the_message()
    {
        var s = Run(QueueState.Empty, new Enqueue(Entry("n:1", "x@remote.test")), new DeleteQueued("n:1"));
        Assert.Empty(s.Messages);
    }

    [Fact]
    public void Each_recipient_keeps_its_own_state_and_the_message_leaves_when_all_are_done()
    {
        var s = Run(QueueState.Empty, new Enqueue(Entry("n:1", "x@remote.test", "y@remote.test")));
        s = Run(s, new RecordAttempt("n:1", "x@remote.test", RecipientStatus.Delivered, null, null));
        var m = s.Messages["n:1"];
        Assert.Equal(RecipientStatus.Delivered, m.Recipients[0].Status);
        Assert.Equal(1, m.Recipients[0].Attempts);
        Assert.Equal(RecipientStatus.Pending, m.Recipients[1].Status);

        s = Run(s, new RecordAttempt("n:1", "Y@remote.test", RecipientStatus.Pending, T0.AddMinutes(5), "451 4.3.0 try later"));
        m = s.Messages["n:1"];
        Assert.Equal(1, m.Recipients[1].Attempts);
        Assert.Equal("451 4.3.0 try later", m.Recipients[1].LastError);
        Assert.Equal(T0.AddMinutes(5), m.NextAttempt);

        // A recipient already delivered cannot be attempted again.
        Assert.Equal(QueueError.NotFound, QueueLogic.Decide(s, new RecordAttempt("n:1", "x@remote.test", RecipientStatus.Failed, null, "x"), T0).Error);

        s = Run(s, new RecordAttempt("n:1", "y@remote.test", RecipientStatus.Failed, null, "550 5.1.1 no such user"));
        Assert.Empty(s.Messages);
    }

    [Fact]
    public void Flush_makes_every_pending_recipient_due_now()
    {
        var s = Run(QueueState.Empty, new Enqueue(Entry("n:1", "x@remote.test")),
            new RecordAttempt("n:1", "x@remote.test", RecipientStatus.Pending, T0.AddHours(2), "421"));
        var later = T0.AddMinutes(1);
        foreach (var e in QueueLogic.Decide(s, new FlushQueue(), later).Events) s = QueueLogic.Apply(s, e);
        Assert.Equal(later, s.Messages["n:1"].NextAttempt);
    }

    [Fact]
    public void Connection_override_is_set_and_cleared()
    {
        var s = Run(QueueState.Empty, new SetConnectionOverride(ConnectionMode.Offline));
        Assert.Equal(ConnectionMode.Offline, s.ConnectionOverride);
        Assert.Empty(QueueLogic.Decide(s, new SetConnectionOverride(ConnectionMode.Offline), T0).Events);
        s = Run(s, new SetConnectionOverride(null));
        Assert.Null(s.ConnectionOverride);
    }

    [Fact]
    public void A_message_that_already_left_the_queue_is_not_queued_again()
    {
        var s = Run(QueueState.Empty, new Enqueue(Entry("n:1", "x@remote.test")),
            new RecordAttempt("n:1", "x@remote.test", RecipientStatus.Delivered, null, null));
        Assert.Empty(s.Messages);
        Assert.Empty(QueueLogic.Decide(s, new Enqueue(Entry("n:1", "x@remote.test")), T0).Events);
        s = Run(s, new Enqueue(Entry("n:2", "x@remote.test")), new DeleteQueued("n:2"));
        Assert.Empty(QueueLogic.Decide(s, new Enqueue(Entry("n:2", "x@remote.test")), T0).Events);
    }

    [Fact]
    public void Remembered_ids_are_bounded()
    {
        var s = QueueState.Empty;
        for (int i = 0; i < QueueState.RecentIdLimit + 5; i++) s = s.Remember("id" + i);
        Assert.Equal(QueueState.RecentIdLimit, s.RecentIds.Count);
        Assert.DoesNotContain("id0", s.RecentIds);
        Assert.Contains("id" + (QueueState.RecentIdLimit + 4), s.RecentIds);
    }
}
