using ActorMail.Core;
using ActorMail.Mailboxes.Store;

namespace ActorMail.Mailboxes.Tests.Store;

public class RemoveMessagesTests
{
    [Fact]
    public void Removes_exactly_the_named_messages_whatever_their_flags_in_one_event()
    {
        var box = new TestMailbox();
        for (int i = 1; i <= 5; i++) box.Deliver(i);
        int before = box.Events.Count;
        var r = box.Run<Expunged>(new RemoveMessages("INBOX", UidSet.Parse("2,4,9", 100)));
        Assert.Equal([2u, 4u], r.Uids);
        Assert.Equal([1u, 3u, 5u], box.Uids("INBOX"));
        Assert.Equal(before + 1, box.Events.Count);
        Assert.Equal(2, r.ReleasedBlobs.Count);
        Assert.Equal(box.Folder("INBOX").HighestModSeq, r.ModSeq);
        box.AssertReplayMatches();
    }

    [Fact]
    public void Removing_nothing_or_from_a_missing_folder()
    {
        var box = new TestMailbox();
        box.Deliver(1);
        int before = box.Events.Count;
        Assert.Empty(box.Run<Expunged>(new RemoveMessages("INBOX", UidSet.Parse("7", 10))).Uids);
        Assert.Equal(before, box.Events.Count);
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new RemoveMessages("Nope", UidSet.Single(1))));
    }
}
