using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Mailboxes.Tests.Store;

public class FlagTests
{
    private static TestMailbox WithMessages(int count)
    {
        var box = new TestMailbox();
        for (int i = 1; i <= count; i++) box.Deliver(i);
        return box;
    }

    private static StoreFlags Store(string uids, StoreMode mode, MessageFlags flags, params string[] keywords) =>
        new("INBOX", UidSet.Parse(uids, 1000), mode, flags, keywords);

    [Fact]
    public void Add_remove_and_replace_change_flags_and_keywords()
    {
        var box = WithMessages(3);
        box.Run<FlagsStored>(Store("1:2", StoreMode.Add, MessageFlags.Seen | MessageFlags.Flagged, "$Label1"));
        Assert.Equal(MessageFlags.Seen | MessageFlags.Flagged, box.Message("INBOX", 1).Flags);
        Assert.Equal(["$Label1"], box.Message("INBOX", 2).Keywords);
        Assert.Equal(MessageFlags.None, box.Message("INBOX", 3).Flags);

        box.Run<FlagsStored>(Store("1", StoreMode.Remove, MessageFlags.Flagged, "$LABEL1"));
        Assert.Equal(MessageFlags.Seen, box.Message("INBOX", 1).Flags);
        Assert.Empty(box.Message("INBOX", 1).Keywords);

        box.Run<FlagsStored>(Store("1:*", StoreMode.Replace, MessageFlags.Answered, "b", "a"));
        Assert.All(box.Folder("INBOX").Messages, m => Assert.Equal(MessageFlags.Answered, m.Flags));
        Assert.All(box.Folder("INBOX").Messages, m => Assert.Equal(["a", "b"], m.Keywords));
        box.AssertReplayMatches();
    }

    [Fact]
    public void One_command_shares_one_new_modseq_and_unchanged_messages_keep_theirs()
    {
        var box = WithMessages(3);
        box.Run<FlagsStored>(Store("2", StoreMode.Add, MessageFlags.Seen));
        ulong before = box.Folder("INBOX").HighestModSeq;
        ulong untouched = box.Message("INBOX", 2).ModSeq;

        var result = box.Run<FlagsStored>(Store("1:3", StoreMode.Add, MessageFlags.Seen));
        Assert.Equal([1u, 3u], result.Changed.Select(c => c.Uid));
        Assert.All(result.Changed, c => Assert.Equal(before + 1, c.ModSeq));
        Assert.All(result.Changed, c => Assert.Equal(MessageFlags.Seen, c.Flags));
        Assert.Equal(untouched, box.Message("INBOX", 2).ModSeq);
        Assert.Equal(before + 1, box.Folder("INBOX").HighestModSeq);
        Assert.True(result.Failed.IsEmpty);

        var flagsEvent = Assert.IsType<E.FlagsChanged>(box.Events[^1]);
        Assert.Equal(2, flagsEvent.Changes.Count);
    }

    [Fact]
    public void A_store_that_changes_nothing_persists_nothing()
    {
        var box = WithMessages(2);
        box.Run<FlagsStored>(Store("1:2", StoreMode.Add, MessageFlags.Seen, "k"));
        int events = box.Events.Count;
        ulong modSeq = box.Folder("INBOX").HighestModSeq;
        var result = box.Run<FlagsStored>(Store("1:2", StoreMode.Add, MessageFlags.Seen, "K"));
        Assert.Empty(result.Changed);
        Assert.Equal(events, box.Events.Count);
        Assert.Equal(modSeq, box.Folder("INBOX").HighestModSeq);
        Assert.Empty(box.Run<FlagsStored>(Store("50:60", StoreMode.Add, MessageFlags.Seen)).Changed);
    }

    [Fact]
    public void Highest_modseq_strictly_increases_over_every_change()
    {
        var box = WithMessages(1);
        var seen = new List<ulong> { box.Folder("INBOX").HighestModSeq };
        void Step(MailboxCommand c)
        {
            box.Run<MailboxResult>(c);
            seen.Add(box.Folder("INBOX").HighestModSeq);
        }
        Step(Store("1", StoreMode.Add, MessageFlags.Seen));
        Step(new DeliverMessage("m2", TestMailbox.Blob(2), 1, box.Now));
        Step(Store("1:*", StoreMode.Add, MessageFlags.Deleted));
        Step(new ExpungeMessages("INBOX", UidSet.Single(1)));
        Step(new AppendMessage("INBOX", TestMailbox.Blob(3), 1, MessageFlags.None, [], null));
        Step(new CopyMessages("INBOX", UidSet.Single(3), "INBOX"));
        Step(new MoveMessages("INBOX", UidSet.Single(3), "INBOX"));
        for (int i = 1; i < seen.Count; i++) Assert.True(seen[i] > seen[i - 1], $"step {i}: {string.Join(",", seen)}");
        Assert.True(box.Folder("INBOX").Messages.All(m => m.ModSeq <= box.Folder("INBOX").HighestModSeq));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Unchangedsince_refuses_messages_modified_after_it()
    {
        var box = WithMessages(3);
        ulong since = box.Folder("INBOX").HighestModSeq;
        box.Run<FlagsStored>(Store("2", StoreMode.Add, MessageFlags.Flagged));

        var result = box.Run<FlagsStored>(Store("1:3", StoreMode.Add, MessageFlags.Seen) with { UnchangedSince = since });
        Assert.Equal("2", result.Failed.ToString());
        Assert.Equal([1u, 3u], result.Changed.Select(c => c.Uid));
        Assert.Equal(MessageFlags.Flagged, box.Message("INBOX", 2).Flags);

        var zero = box.Run<FlagsStored>(Store("1:3", StoreMode.Add, MessageFlags.Draft) with { UnchangedSince = 0 });
        Assert.Equal("1:3", zero.Failed.ToString());
        Assert.Empty(zero.Changed);
    }

    [Fact]
    public void Changedsince_lists_messages_above_a_modseq_in_pages()
    {
        var box = WithMessages(5);
        ulong since = box.Folder("INBOX").HighestModSeq;
        box.Run<FlagsStored>(Store("2,4:5", StoreMode.Add, MessageFlags.Seen));
        Assert.Equal([2u, 4u, 5u], MailboxQueries.ChangedSince(box.State, "INBOX", since, 1, 10).Select(m => m.Uid));
        Assert.Equal([2u, 4u], MailboxQueries.ChangedSince(box.State, "INBOX", since, 1, 2).Select(m => m.Uid));
        Assert.Equal([5u], MailboxQueries.ChangedSince(box.State, "INBOX", since, 5, 2).Select(m => m.Uid));
        Assert.Empty(MailboxQueries.ChangedSince(box.State, "INBOX", box.Folder("INBOX").HighestModSeq, 1, 10));
        Assert.Equal(5, MailboxQueries.ChangedSince(box.State, "INBOX", 0, 1, 10).Count);
    }

    [Fact]
    public void Store_on_a_missing_folder_fails()
    {
        var box = WithMessages(1);
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new StoreFlags("Nope", UidSet.Single(1), StoreMode.Add, MessageFlags.Seen, [])));
    }
}
