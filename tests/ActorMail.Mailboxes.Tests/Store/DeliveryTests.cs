using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Mailboxes.Tests.Store;

public class DeliveryTests
{
    [Fact]
    public void Deliveries_and_appends_get_increasing_uids_and_modseqs()
    {
        var box = new TestMailbox();
        var first = box.Run<Delivered>(new DeliverMessage("a", TestMailbox.Blob(1), 500, TestMailbox.Start.AddDays(-1)));
        uint second = box.Deliver(2);
        uint third = box.Append("INBOX", 3, MessageFlags.Seen);
        Assert.Equal([1u, 2u, 3u], new[] { first.Uid, second, third });
        Assert.Equal(box.Folder("INBOX").UidValidity, first.UidValidity);
        Assert.Equal(4u, box.Folder("INBOX").UidNext);

        var modSeqs = box.Folder("INBOX").Messages.Select(m => m.ModSeq).ToArray();
        Assert.True(modSeqs[0] < modSeqs[1] && modSeqs[1] < modSeqs[2]);
        Assert.Equal(modSeqs[2], box.Folder("INBOX").HighestModSeq);

        var m1 = box.Message("INBOX", 1);
        Assert.Equal(TestMailbox.Blob(1), m1.Blob);
        Assert.Equal(500, m1.Size);
        Assert.Equal(TestMailbox.Start.AddDays(-1), m1.InternalDate);
        Assert.Equal(MessageFlags.None, m1.Flags);
        Assert.Equal(MessageFlags.Seen, box.Message("INBOX", 3).Flags);
        Assert.Equal(box.Now, box.Message("INBOX", 3).InternalDate);
        box.AssertReplayMatches();
    }

    [Fact]
    public void A_batch_decided_in_order_sees_earlier_commands()
    {
        var box = new TestMailbox();
        box.Deliver(0);
        var commands = Enumerable.Range(1, 3).Select(i => new DeliverMessage("b" + i, TestMailbox.Blob(i), 10, box.Now)).ToList();
        var uids = commands.Select(c => box.Run<Delivered>(c).Uid).ToList();
        Assert.Equal([2u, 3u, 4u], uids);
    }

    [Fact]
    public void A_repeated_delivery_id_is_not_stored_twice()
    {
        var box = new TestMailbox();
        box.Deliver(1, id: "same");
        int events = box.Events.Count;
        box.Run<DuplicateDelivery>(new DeliverMessage("same", TestMailbox.Blob(1), 10, box.Now));
        Assert.Equal(events, box.Events.Count);
        Assert.Equal(1, MailboxQueries.MessageCount(box.State, "INBOX"));
        Assert.True(box.State.WasDelivered("same"));
    }

    [Fact]
    public void Delivery_ids_are_remembered_for_the_last_ten_thousand()
    {
        var box = new TestMailbox { CheckDecideIsPure = false };
        for (int i = 0; i <= MailboxState.DeliveryIdMemory; i++) box.Deliver(i % 7, id: "id" + i);
        Assert.False(box.State.WasDelivered("id0"));
        Assert.True(box.State.WasDelivered("id1"));
        Assert.Equal(MailboxState.DeliveryIdMemory, box.State.RecentDeliveryIds.Count);
        Assert.Equal("id1", box.State.RecentDeliveryIds.First());
        box.Run<Delivered>(new DeliverMessage("id0", TestMailbox.Blob(1), 10, box.Now));
    }

    [Fact]
    public void Delivery_to_a_missing_or_noselect_folder_falls_back_to_inbox()
    {
        var box = new TestMailbox();
        var r = box.Run<Delivered>(new DeliverMessage("x", TestMailbox.Blob(1), 10, box.Now, "Missing"));
        Assert.Equal(box.Folder("INBOX").UidValidity, r.UidValidity);
        box.Run<FolderCreated>(new CreateFolder("Lists/dev"));
        box.Run<FolderDeleted>(new DeleteFolder("Lists"));
        box.Run<Delivered>(new DeliverMessage("y", TestMailbox.Blob(2), 10, box.Now, "Lists"));
        Assert.Equal(2, MailboxQueries.MessageCount(box.State, "INBOX"));
        box.Run<Delivered>(new DeliverMessage("z", TestMailbox.Blob(3), 10, box.Now, "Lists/dev"));
        Assert.Equal(1, MailboxQueries.MessageCount(box.State, "Lists/dev"));
        box.Run<Delivered>(new DeliverMessage("w", TestMailbox.Blob(4), 10, box.Now, "inbox"));
        Assert.Equal(3, MailboxQueries.MessageCount(box.State, "INBOX"));
    }

    [Fact]
    public void Append_refuses_missing_and_noselect_folders()
    {
        var box = new TestMailbox();
        box.Deliver(1);
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new AppendMessage("Nope", TestMailbox.Blob(1), 1, MessageFlags.None, [], null)));
        box.Run<FolderCreated>(new CreateFolder("A/B"));
        box.Run<FolderDeleted>(new DeleteFolder("A"));
        Assert.Equal(MailboxError.NoSelect, box.Fail(new AppendMessage("A", TestMailbox.Blob(1), 1, MessageFlags.None, [], null)));
    }

    [Fact]
    public void Append_keeps_keywords_sorted_unique_and_in_the_folders_spelling()
    {
        var box = new TestMailbox();
        uint a = box.Append("INBOX", 1, MessageFlags.None, "$Work", "zeta", "$work", "Alpha");
        Assert.Equal(["$Work", "Alpha", "zeta"], box.Message("INBOX", a).Keywords);
        uint b = box.Append("INBOX", 2, MessageFlags.None, "ALPHA", "$WORK", "zeta");
        Assert.Same(box.Message("INBOX", a).Keywords, box.Message("INBOX", b).Keywords);
        Assert.Equal(["$Work", "Alpha", "zeta"], MailboxQueries.Keywords(box.State, "INBOX"));
        box.AssertReplayMatches();
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("\\Seen")]
    [InlineData("a(b")]
    [InlineData("a]")]
    [InlineData("a*")]
    [InlineData("a%")]
    [InlineData("a\"")]
    [InlineData("a{")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\t")]
    public void Invalid_keywords_are_refused(string keyword)
    {
        var box = new TestMailbox();
        box.Deliver(1);
        Assert.Equal(MailboxError.InvalidKeyword, box.Fail(new AppendMessage("INBOX", TestMailbox.Blob(1), 1, MessageFlags.None, [keyword], null)));
        Assert.Equal(MailboxError.InvalidKeyword, box.Fail(new StoreFlags("INBOX", UidSet.Single(1), StoreMode.Add, MessageFlags.None, [keyword])));
    }

    [Fact]
    public void A_folder_defines_at_most_the_keyword_limit()
    {
        var box = new TestMailbox();
        var many = Enumerable.Range(0, KeywordRules.MaxPerFolder).Select(i => "k" + i).ToArray();
        box.Append("INBOX", 1, MessageFlags.None, many);
        Assert.Equal(MailboxError.TooManyKeywords, box.Fail(new AppendMessage("INBOX", TestMailbox.Blob(2), 1, MessageFlags.None, ["one-more"], null)));
        box.Append("INBOX", 3, MessageFlags.None, "K0", "k199");
        Assert.Equal(MailboxError.TooManyKeywords, box.Fail(new StoreFlags("INBOX", UidSet.Single(2), StoreMode.Add, MessageFlags.None, ["one-more"])));
        box.Run<FlagsStored>(new StoreFlags("INBOX", UidSet.Single(1), StoreMode.Remove, MessageFlags.None, ["one-more", "k5"]));
        Assert.Equal(KeywordRules.MaxPerFolder - 1, box.Message("INBOX", 1).Keywords.Length);
    }

    [Fact]
    public void Decided_events_carry_what_apply_needs()
    {
        var box = new TestMailbox();
        box.Deliver(9);
        var added = Assert.IsType<E.MessageAdded>(Assert.Single(box.EventsOf(new DeliverMessage("k", TestMailbox.Blob(1), 77, box.Now))));
        Assert.Equal("k", added.DeliveryId);
        Assert.Equal(2u, added.Uid);
        Assert.Equal(box.Folder("INBOX").Id, added.FolderId);
    }
}
