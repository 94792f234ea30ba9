using ActorMail.Core;
using ActorMail.Mailboxes.Store;

namespace ActorMail.Mailboxes.Tests.Store;

public class ExpungeTests
{
    private static TestMailbox WithMessages(int count)
    {
        var box = new TestMailbox();
        for (int i = 1; i <= count; i++) box.Deliver(i);
        return box;
    }

    private static void MarkDeleted(TestMailbox box, string uids, string folder = "INBOX") =>
        box.Run<FlagsStored>(new StoreFlags(folder, UidSet.Parse(uids, 1000), StoreMode.Add, MessageFlags.Deleted, []));

    [Fact]
    public void Expunge_removes_only_deleted_messages_and_releases_their_blobs()
    {
        var box = WithMessages(5);
        MarkDeleted(box, "2,4");
        var r = box.Run<Expunged>(new ExpungeMessages("INBOX"));
        Assert.Equal([2u, 4u], r.Uids);
        Assert.Equal([1u, 3u, 5u], box.Uids("INBOX"));
        Assert.Equal(box.Folder("INBOX").HighestModSeq, r.ModSeq);
        Assert.Equal(new[] { TestMailbox.Blob(2), TestMailbox.Blob(4) }.OrderBy(b => b.Hash, StringComparer.Ordinal), r.ReleasedBlobs);
        Assert.Equal(0, box.State.BlobReferences(TestMailbox.Blob(2).Hash));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Uid_expunge_removes_only_the_named_deleted_messages()
    {
        var box = WithMessages(5);
        MarkDeleted(box, "1:4");
        var r = box.Run<Expunged>(new ExpungeMessages("INBOX", UidSet.Parse("3:5", 0)));
        Assert.Equal([3u, 4u], r.Uids);
        Assert.Equal([1u, 2u, 5u], box.Uids("INBOX"));
    }

    [Fact]
    public void Expunge_with_nothing_deleted_changes_nothing()
    {
        var box = WithMessages(2);
        int events = box.Events.Count;
        var r = box.Run<Expunged>(new ExpungeMessages("INBOX"));
        Assert.Empty(r.Uids);
        Assert.Empty(r.ReleasedBlobs);
        Assert.Equal(events, box.Events.Count);
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new ExpungeMessages("Nope")));
    }

    [Fact]
    public void A_blob_still_referenced_elsewhere_is_not_released()
    {
        var box = WithMessages(2);
        box.Run<Copied>(new CopyMessages("INBOX", UidSet.Single(1), "Trash"));
        box.Deliver(2, folder: "Sent");
        MarkDeleted(box, "1:2");
        var r = box.Run<Expunged>(new ExpungeMessages("INBOX"));
        Assert.Empty(r.ReleasedBlobs);
        MarkDeleted(box, "1", "Trash");
        Assert.Equal([TestMailbox.Blob(1)], box.Run<Expunged>(new ExpungeMessages("Trash")).ReleasedBlobs);
    }

    [Fact]
    public void Expunged_since_answers_qresync_by_modseq()
    {
        var box = WithMessages(10);
        ulong m0 = box.Folder("INBOX").HighestModSeq;
        MarkDeleted(box, "2:3");
        box.Run<Expunged>(new ExpungeMessages("INBOX"));
        ulong m1 = box.Folder("INBOX").HighestModSeq;
        MarkDeleted(box, "7");
        box.Run<Expunged>(new ExpungeMessages("INBOX"));
        ulong m2 = box.Folder("INBOX").HighestModSeq;

        Assert.Equal("2:3,7", MailboxQueries.ExpungedSince(box.State, "INBOX", m0).ToString());
        Assert.Equal("7", MailboxQueries.ExpungedSince(box.State, "INBOX", m1).ToString());
        Assert.True(MailboxQueries.ExpungedSince(box.State, "INBOX", m2).IsEmpty);
        Assert.True(MailboxQueries.ExpungedSince(box.State, "Nope", 0).IsEmpty);
        box.AssertReplayMatches();
    }

    [Fact]
    public void Expunged_runs_are_exact_and_never_name_a_live_message()
    {
        var box = WithMessages(40);
        // Every other message, one at a time from the top, then the remaining odd ones together.
        for (uint u = 40; u >= 2; u -= 2)
        {
            MarkDeleted(box, u.ToString());
            box.Run<Expunged>(new ExpungeMessages("INBOX"));
        }
        Assert.Equal(20, box.Folder("INBOX").Expunged.Count);
        MarkDeleted(box, "1:39");
        ulong before = box.Folder("INBOX").HighestModSeq;
        box.Run<Expunged>(new ExpungeMessages("INBOX", UidSet.Parse("1:29", 0)));
        var live = box.Uids("INBOX");
        Assert.Equal([31u, 33u, 35u, 37u, 39u], live);
        var since = MailboxQueries.ExpungedSince(box.State, "INBOX", before);
        Assert.All(live, u => Assert.False(since.Contains(u)));
        Assert.All(Enumerable.Range(0, 15).Select(i => (uint)(2 * i + 1)), u => Assert.True(since.Contains(u)));
        var all = MailboxQueries.ExpungedSince(box.State, "INBOX", 0);
        Assert.All(live, u => Assert.False(all.Contains(u)));
        Assert.Equal(35, box.Folder("INBOX").Expunged.Count);
        box.AssertReplayMatches();
    }

    [Fact]
    public void Auto_expunge_clears_deleted_messages_in_every_folder()
    {
        var box = WithMessages(3);
        box.Deliver(10, folder: "Trash");
        box.Deliver(11, folder: "Trash");
        MarkDeleted(box, "1,3");
        MarkDeleted(box, "2", "Trash");
        var r = box.Run<AutoExpunged>(new AutoExpunge());
        Assert.Equal(2, r.Folders.Count);
        Assert.Equal([1u, 3u], r.Folders.Single(f => f.Folder == "INBOX").Uids);
        Assert.Equal([2u], r.Folders.Single(f => f.Folder == "Trash").Uids);
        Assert.Equal(3, r.ReleasedBlobs.Count);
        Assert.Equal([2u], box.Uids("INBOX"));
        Assert.Equal([1u], box.Uids("Trash"));
        Assert.Empty(box.Run<AutoExpunged>(new AutoExpunge()).Folders);
    }

    [Fact]
    public void Removing_all_messages_releases_every_blob()
    {
        var box = WithMessages(3);
        box.Run<Copied>(new CopyMessages("INBOX", UidSet.Parse("1:2", 0), "Trash"));
        box.Deliver(7, folder: "Sent");
        var r = box.Run<AllMessagesRemoved>(new RemoveAllMessages());
        Assert.Equal(Enumerable.Range(1, 3).Append(7).Select(TestMailbox.Blob).OrderBy(b => b.Hash, StringComparer.Ordinal), r.ReleasedBlobs);
        Assert.All(box.State.Folders, f => Assert.Empty(f.Messages));
        Assert.Empty(MailboxQueries.BlobHashes(box.State, null, 10));
        Assert.Equal(5, box.State.Folders.Count());
        box.AssertReplayMatches();
    }

    [Fact]
    public void Past_the_run_limit_old_runs_coarsen_but_recent_ones_stay_exact()
    {
        var state = new MailboxState();
        MailboxLogic.Apply(state, new ActorMail.Mailboxes.Store.Events.FolderCreated(1, "INBOX", SpecialUse.None, 1, true));
        int n = 2 * MailboxFolder.MaxExpungedRuns + 4;
        ulong modSeq = 1;
        for (uint u = 1; u <= n; u++)
            MailboxLogic.Apply(state, new ActorMail.Mailboxes.Store.Events.MessageAdded(1, u, TestMailbox.Blob(1), 1, MessageFlags.None, [], TestMailbox.Start, ++modSeq, null));
        // Expunge the even UIDs one by one (live odd ones keep them apart), then the odd ones below 6000.
        for (uint u = 2; u <= n; u += 2)
            MailboxLogic.Apply(state, new ActorMail.Mailboxes.Store.Events.MessagesExpunged(1, ++modSeq, UidSet.Single(u)));
        var folder = state.FindFolder("INBOX")!;
        Assert.True(folder.Expunged.Count > MailboxFolder.MaxExpungedRuns);
        ulong beforeOdd = modSeq;
        for (uint u = 1; u < 6000; u += 2)
            MailboxLogic.Apply(state, new ActorMail.Mailboxes.Store.Events.MessagesExpunged(1, ++modSeq, UidSet.Single(u)));

        Assert.True(folder.Expunged.Count <= MailboxFolder.MaxExpungedRuns + MailboxFolder.MaxExpungedRuns / 8, folder.Expunged.Count.ToString());
        var live = folder.Messages.Select(m => m.Uid).ToArray();
        var all = MailboxQueries.ExpungedSince(state, "INBOX", 0);
        Assert.Equal(n - live.Length, all.Count);
        Assert.All(live, u => Assert.False(all.Contains(u)));
        // The newest expunges are still reported, and older ones are not reported as newer.
        var newest = MailboxQueries.ExpungedSince(state, "INBOX", modSeq - 1);
        Assert.True(newest.Contains(5999) && !newest.Contains(5997) && newest.Count <= 3, newest.ToString());
        Assert.True(MailboxQueries.ExpungedSince(state, "INBOX", beforeOdd).Count >= 3000);
        Assert.Equal(SnapshotBytes(state), SnapshotBytes(ActorMail.Mailboxes.Store.Serialization.MailboxSnapshot.Capture(state).Restore()));
    }

    private static byte[] SnapshotBytes(MailboxState state) => ActorMail.Mailboxes.Store.Serialization.SnapshotCodec.Write(state);
}
