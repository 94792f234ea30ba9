using ActorMail.Core;
using ActorMail.Mailboxes.Store;

namespace ActorMail.Mailboxes.Tests.Store;

public class CopyMoveTests
{
    private static TestMailbox Setup()
    {
        var box = new TestMailbox();
        for (int i = 1; i <= 6; i++) box.Deliver(i);
        box.Run<FlagsStored>(new StoreFlags("INBOX", UidSet.Parse("2,5", 0), StoreMode.Add, MessageFlags.Seen | MessageFlags.Flagged, ["$Important"]));
        box.Run<FolderCreated>(new CreateFolder("Archive", SpecialUse.Archive));
        box.Append("Archive", 50, MessageFlags.None, "$important");
        return box;
    }

    [Fact]
    public void Copy_maps_source_uids_ascending_to_new_target_uids()
    {
        var box = Setup();
        var before = box.Folder("INBOX").Messages.ToList();
        var r = box.Run<Copied>(new CopyMessages("INBOX", UidSet.Parse("5,2,4,99", 100), "Archive"));
        Assert.Equal(box.Folder("Archive").UidValidity, r.TargetUidValidity);
        Assert.Equal("2,4:5", r.SourceUids.ToString());
        Assert.Equal("2:4", r.TargetUids.ToString());
        Assert.Equal(before, box.Folder("INBOX").Messages);

        var pairs = new[] { (2u, 2u), (4u, 3u), (5u, 4u) };
        ulong modSeq = box.Folder("Archive").HighestModSeq;
        foreach (var (s, t) in pairs)
        {
            var source = box.Message("INBOX", s);
            var target = box.Message("Archive", t);
            Assert.Equal(source.Blob, target.Blob);
            Assert.Equal(source.Flags, target.Flags);
            Assert.Equal(source.InternalDate, target.InternalDate);
            Assert.Equal(source.Size, target.Size);
            Assert.Equal(modSeq, target.ModSeq);
        }
        // The target folder's spelling of a keyword wins.
        Assert.Equal(["$important"], box.Message("Archive", 2).Keywords);
        Assert.Equal(5u, box.Folder("Archive").UidNext);
        box.AssertReplayMatches();
    }

    [Fact]
    public void Copied_messages_are_recent_in_the_target()
    {
        var box = Setup();
        box.Run<RecentClaimed>(new ClaimRecent("Archive"));
        box.Run<Copied>(new CopyMessages("INBOX", UidSet.Parse("1:2", 0), "Archive"));
        Assert.Equal(2, MailboxQueries.Status(box.State, "Archive")!.Recent);
        Assert.Equal(2u, box.Run<RecentClaimed>(new ClaimRecent("Archive")).FirstRecentUid);
    }

    [Fact]
    public void Move_copies_then_expunges_the_source()
    {
        var box = Setup();
        ulong sourceModSeq = box.Folder("INBOX").HighestModSeq;
        var r = box.Run<Moved>(new MoveMessages("INBOX", UidSet.Parse("1:3", 0), "Archive"));
        Assert.Equal("1:3", r.SourceUids.ToString());
        Assert.Equal("2:4", r.TargetUids.ToString());
        Assert.Equal(sourceModSeq + 1, r.ExpungeModSeq);
        Assert.Equal([4u, 5u, 6u], box.Uids("INBOX"));
        Assert.Equal([1u, 2u, 3u, 4u], box.Uids("Archive"));
        Assert.Equal(MessageFlags.Seen | MessageFlags.Flagged, box.Message("Archive", 3).Flags);
        Assert.Equal("1:3", MailboxQueries.ExpungedSince(box.State, "INBOX", sourceModSeq).ToString());
        Assert.Equal(sourceModSeq + 1, box.Folder("INBOX").HighestModSeq);
        // The blobs are still referenced by the moved copies.
        Assert.Equal(1, box.State.BlobReferences(TestMailbox.Blob(1).Hash));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Move_within_one_folder_renumbers()
    {
        var box = Setup();
        var r = box.Run<Moved>(new MoveMessages("INBOX", UidSet.Parse("2", 0), "INBOX"));
        Assert.Equal("7", r.TargetUids.ToString());
        Assert.Equal([1u, 3u, 4u, 5u, 6u, 7u], box.Uids("INBOX"));
        Assert.Equal(box.Folder("INBOX").HighestModSeq, r.ExpungeModSeq);
        Assert.True(r.ExpungeModSeq > box.Message("INBOX", 7).ModSeq);
        box.AssertReplayMatches();
    }

    [Fact]
    public void Nothing_matching_copies_nothing()
    {
        var box = Setup();
        int events = box.Events.Count;
        var r = box.Run<Copied>(new CopyMessages("INBOX", UidSet.Parse("100:200", 0), "Archive"));
        Assert.True(r.SourceUids.IsEmpty && r.TargetUids.IsEmpty);
        var m = box.Run<Moved>(new MoveMessages("INBOX", UidSet.Parse("100", 0), "Archive"));
        Assert.True(m.SourceUids.IsEmpty);
        Assert.Equal(events, box.Events.Count);
    }

    [Fact]
    public void Missing_target_or_source_is_refused()
    {
        var box = Setup();
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new CopyMessages("INBOX", UidSet.Single(1), "Nope")));
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new MoveMessages("Nope", UidSet.Single(1), "Archive")));
        box.Run<FolderCreated>(new CreateFolder("P/C"));
        box.Run<FolderDeleted>(new DeleteFolder("P"));
        Assert.Equal(MailboxError.NoSelect, box.Fail(new CopyMessages("INBOX", UidSet.Single(1), "P")));
    }

    [Fact]
    public void Copy_respects_the_targets_keyword_limit()
    {
        var box = new TestMailbox();
        box.Append("INBOX", 1, MessageFlags.None, Enumerable.Range(0, 150).Select(i => "a" + i).ToArray());
        box.Append("Trash", 2, MessageFlags.None, Enumerable.Range(0, 100).Select(i => "b" + i).ToArray());
        Assert.Equal(MailboxError.TooManyKeywords, box.Fail(new CopyMessages("INBOX", UidSet.Single(1), "Trash")));
        Assert.Equal(MailboxError.TooManyKeywords, box.Fail(new CopyMessages("Trash", UidSet.Single(1), "INBOX")));
        box.Append("Trash", 3, MessageFlags.None, "b1", "B2");
        box.Run<Copied>(new CopyMessages("Trash", UidSet.Single(2), "INBOX"));
        Assert.Equal(152, MailboxQueries.Keywords(box.State, "INBOX").Count);
    }
}
