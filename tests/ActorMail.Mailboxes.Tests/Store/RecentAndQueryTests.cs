using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Mailboxes.Tests.Store;

public class RecentAndQueryTests
{
    [Fact]
    public void Recent_is_claimed_once()
    {
        var box = new TestMailbox();
        box.Deliver(1);
        box.Deliver(2);
        Assert.Equal(2, MailboxQueries.Status(box.State, "INBOX")!.Recent);
        Assert.Equal(1u, box.Run<RecentClaimed>(new ClaimRecent("INBOX")).FirstRecentUid);
        Assert.Equal(0, MailboxQueries.Status(box.State, "INBOX")!.Recent);

        int events = box.Events.Count;
        Assert.Equal(3u, box.Run<RecentClaimed>(new ClaimRecent("inbox")).FirstRecentUid);
        Assert.Equal(events, box.Events.Count);

        box.Deliver(3);
        Assert.Equal(1, MailboxQueries.Status(box.State, "INBOX")!.Recent);
        Assert.Equal(3u, box.Run<RecentClaimed>(new ClaimRecent("INBOX")).FirstRecentUid);
        Assert.IsType<E.RecentClaimed>(box.Events[^1]);
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new ClaimRecent("Nope")));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Status_counts_messages_flags_and_size()
    {
        var box = new TestMailbox();
        box.Append("INBOX", 1, MessageFlags.Seen);
        box.Append("INBOX", 2, MessageFlags.Deleted);
        box.Append("INBOX", 3, MessageFlags.Seen | MessageFlags.Deleted);
        var s = MailboxQueries.Status(box.State, "INBOX")!;
        var folder = box.Folder("INBOX");
        Assert.Equal(new FolderStatus(3, 3, 4, folder.UidValidity, 1, folder.HighestModSeq, 101 + 102 + 103, 2), s);
        Assert.Equal(3, MailboxQueries.MessageCount(box.State, "INBOX"));
        Assert.Equal(0, MailboxQueries.MessageCount(box.State, "Nope"));
        Assert.Null(MailboxQueries.Status(box.State, "Nope"));
    }

    [Fact]
    public void Pages_are_bounded_and_continue_after_the_last_uid()
    {
        var box = new TestMailbox();
        for (int i = 1; i <= 10; i++) box.Deliver(i);
        box.Run<FlagsStored>(new StoreFlags("INBOX", UidSet.Parse("3:4", 0), StoreMode.Add, MessageFlags.Deleted, []));
        box.Run<Expunged>(new ExpungeMessages("INBOX"));

        var seen = new List<uint>();
        uint from = 1;
        while (true)
        {
            var page = MailboxQueries.Page(box.State, "INBOX", from, 9, 3);
            if (page.Count == 0) break;
            Assert.True(page.Count <= 3);
            seen.AddRange(page.Select(m => m.Uid));
            from = page[^1].Uid + 1;
        }
        Assert.Equal([1u, 2u, 5u, 6u, 7u, 8u, 9u], seen);
        Assert.Empty(MailboxQueries.Page(box.State, "INBOX", 11, uint.MaxValue, 5));
        Assert.Empty(MailboxQueries.Page(box.State, "Nope", 1, 10, 5));
        Assert.Empty(MailboxQueries.Page(box.State, "INBOX", 1, 10, 0));
    }

    [Fact]
    public void Blob_hashes_page_through_distinct_referenced_blobs()
    {
        var box = new TestMailbox();
        for (int i = 1; i <= 7; i++) box.Deliver(i);
        box.Run<Copied>(new CopyMessages("INBOX", UidSet.Parse("1:3", 0), "Trash"));
        var expected = Enumerable.Range(1, 7).Select(i => TestMailbox.Blob(i).Hash).OrderBy(h => h, StringComparer.Ordinal).ToList();

        var seen = new List<string>();
        string? after = null;
        while (MailboxQueries.BlobHashes(box.State, after, 3) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 3);
            seen.AddRange(page);
            after = page[^1];
        }
        Assert.Equal(expected, seen);

        // The lazily built index follows later changes.
        box.Run<FlagsStored>(new StoreFlags("INBOX", UidSet.Parse("1:*", 10), StoreMode.Add, MessageFlags.Deleted, []));
        box.Run<Expunged>(new ExpungeMessages("INBOX"));
        box.Deliver(8);
        var now = MailboxQueries.BlobHashes(box.State, null, 100);
        Assert.Equal(new[] { 1, 2, 3, 8 }.Select(i => TestMailbox.Blob(i).Hash).OrderBy(h => h, StringComparer.Ordinal), now);
        Assert.Empty(MailboxQueries.BlobHashes(box.State, now[^1], 10));
    }
}
