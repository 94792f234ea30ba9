using ActorMail.Core;
using ActorMail.Mailboxes.Store;

namespace ActorMail.Mailboxes.Tests.Store;

public class FolderTests
{
    private static TestMailbox NewBox()
    {
        var box = new TestMailbox();
        box.Deliver(1);
        return box;
    }

    private static string[] Names(TestMailbox box) => MailboxQueries.ListFolders(box.State).Select(f => f.Name).ToArray();

    [Fact]
    public void Create_makes_missing_parents_and_lists_children_after_parents()
    {
        var box = NewBox();
        Assert.Equal("Work/Projects/2025", box.Run<FolderCreated>(new CreateFolder("Work/Projects/2025")).Name);
        box.Run<FolderCreated>(new CreateFolder("Work-old"));
        box.Run<FolderCreated>(new CreateFolder("inbox/Sub"));
        Assert.Equal(["INBOX", "INBOX/Sub", "Drafts", "Junk", "Sent", "Trash", "Work", "Work/Projects", "Work/Projects/2025", "Work-old"], Names(box));
        var list = MailboxQueries.ListFolders(box.State);
        Assert.True(list.Single(f => f.Name == "Work").HasChildren);
        Assert.True(list.Single(f => f.Name == "INBOX").HasChildren);
        Assert.False(list.Single(f => f.Name == "Work-old").HasChildren);
        Assert.False(list.Single(f => f.Name == "Work/Projects/2025").HasChildren);
        Assert.False(list.Single(f => f.Name == "Work").Subscribed);
        Assert.NotNull(MailboxQueries.Status(box.State, "Work/Projects"));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Create_refuses_existing_names_and_a_taken_special_use()
    {
        var box = NewBox();
        Assert.Equal(MailboxError.AlreadyExists, box.Fail(new CreateFolder("Sent")));
        Assert.Equal(MailboxError.AlreadyExists, box.Fail(new CreateFolder("iNbOx")));
        Assert.Equal(MailboxError.SpecialUseInUse, box.Fail(new CreateFolder("Sent Items", SpecialUse.Sent)));
        box.Run<FolderCreated>(new CreateFolder("All Mail", SpecialUse.All));
        Assert.Equal(SpecialUse.All, MailboxQueries.ListFolders(box.State).Single(f => f.Name == "All Mail").SpecialUse);
        box.Run<FolderCreated>(new CreateFolder("sent"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/Leading")]
    [InlineData("Trailing/")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("..")]
    [InlineData("a/.")]
    [InlineData("wild*")]
    [InlineData("wild%")]
    [InlineData("ctl\u0001")]
    [InlineData("del\u007f")]
    [InlineData("nl\n")]
    public void Invalid_names_are_refused(string name)
    {
        var box = NewBox();
        Assert.Equal(MailboxError.InvalidName, box.Fail(new CreateFolder(name)));
        Assert.Equal(MailboxError.InvalidName, box.Fail(new RenameFolder("Sent", name)));
        Assert.Equal(MailboxError.InvalidName, box.Fail(new SetSubscription(name, true)));
    }

    [Fact]
    public void Name_length_and_depth_are_limited()
    {
        Assert.True(FolderNames.IsValid(new string('a', FolderNames.MaxLength)));
        Assert.False(FolderNames.IsValid(new string('a', FolderNames.MaxLength + 1)));
        Assert.True(FolderNames.IsValid(string.Join('/', Enumerable.Repeat("a", FolderNames.MaxDepth))));
        Assert.False(FolderNames.IsValid(string.Join('/', Enumerable.Repeat("a", FolderNames.MaxDepth + 1))));
        Assert.True(FolderNames.IsValid("Ünïcødé …/a.b/..c"));
    }

    [Fact]
    public void Delete_follows_the_noselect_rules()
    {
        var box = NewBox();
        box.Run<FolderCreated>(new CreateFolder("A/B"));
        box.Deliver(2, folder: "A");
        Assert.Equal(MailboxError.CannotDeleteInbox, box.Fail(new DeleteFolder("inbox")));
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new DeleteFolder("Nope")));

        var deleted = box.Run<FolderDeleted>(new DeleteFolder("A"));
        Assert.Equal([TestMailbox.Blob(2)], deleted.ReleasedBlobs);
        var a = MailboxQueries.ListFolders(box.State).Single(f => f.Name == "A");
        Assert.True(a.NoSelect && a.HasChildren);
        Assert.Null(MailboxQueries.Status(box.State, "A"));
        Assert.Equal(MailboxError.HasChildren, box.Fail(new DeleteFolder("A")));

        box.Run<FolderDeleted>(new DeleteFolder("A/B"));
        Assert.Contains("A", Names(box));
        box.Run<FolderDeleted>(new DeleteFolder("A"));
        Assert.DoesNotContain("A", Names(box));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Creating_a_noselect_name_makes_it_a_real_folder_again()
    {
        var box = NewBox();
        box.Run<FolderCreated>(new CreateFolder("A/B"));
        uint old = box.Folder("A").UidValidity;
        box.Run<FolderDeleted>(new DeleteFolder("A"));
        box.Run<FolderCreated>(new CreateFolder("A"));
        Assert.False(box.Folder("A").NoSelect);
        Assert.True(box.Folder("A").UidValidity > old);
        Assert.True(MailboxQueries.ListFolders(box.State).Single(f => f.Name == "A").HasChildren);
        box.Deliver(3, folder: "A");
        box.AssertReplayMatches();
    }

    [Fact]
    public void Uidvalidity_is_never_reused_for_a_recreated_name()
    {
        var box = NewBox();
        var seen = new HashSet<uint>(box.State.Folders.Select(f => f.UidValidity));
        for (int i = 0; i < 5; i++)
        {
            box.Run<FolderCreated>(new CreateFolder("Again"));
            Assert.True(seen.Add(box.Folder("Again").UidValidity));
            box.Run<FolderDeleted>(new DeleteFolder("Again"));
        }
        box.Now = TestMailbox.Start.AddDays(1);
        box.Run<FolderCreated>(new CreateFolder("Again"));
        Assert.Equal((uint)box.Now.ToUnixTimeSeconds(), box.Folder("Again").UidValidity);
        box.Now = TestMailbox.Start.AddYears(-1);
        box.Run<FolderCreated>(new CreateFolder("Later"));
        Assert.Equal(box.Folder("Again").UidValidity + 1, box.Folder("Later").UidValidity);
    }

    [Fact]
    public void Rename_moves_children_and_subscriptions_and_keeps_uidvalidity()
    {
        var box = NewBox();
        box.Run<FolderCreated>(new CreateFolder("Old/Child"));
        box.Run<SubscriptionChanged>(new SetSubscription("Old/Child", true));
        box.Deliver(5, folder: "Old/Child");
        uint validity = box.Folder("Old/Child").UidValidity;
        box.Run<FolderRenamed>(new RenameFolder("Old", "New/Place"));
        Assert.Equal(["INBOX", "Drafts", "Junk", "New", "New/Place", "New/Place/Child", "Sent", "Trash"], Names(box));
        Assert.Equal(validity, box.Folder("New/Place/Child").UidValidity);
        Assert.Single(box.Folder("New/Place/Child").Messages);
        Assert.Contains("New/Place/Child", MailboxQueries.Subscriptions(box.State));
        Assert.DoesNotContain("Old/Child", MailboxQueries.Subscriptions(box.State));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Rename_refuses_existing_targets_missing_sources_and_itself_below()
    {
        var box = NewBox();
        box.Run<FolderCreated>(new CreateFolder("A"));
        Assert.Equal(MailboxError.AlreadyExists, box.Fail(new RenameFolder("A", "Sent")));
        Assert.Equal(MailboxError.AlreadyExists, box.Fail(new RenameFolder("A", "inbox")));
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new RenameFolder("Nope", "B")));
        Assert.Equal(MailboxError.InvalidName, box.Fail(new RenameFolder("A", "A/B")));
    }

    [Fact]
    public void Renaming_inbox_moves_its_messages_to_a_new_folder()
    {
        var box = NewBox();
        box.Deliver(2);
        box.Run<FolderCreated>(new CreateFolder("INBOX/Kept"));
        box.Run<FlagsStored>(new StoreFlags("INBOX", UidSet.Single(2), StoreMode.Add, MessageFlags.Seen, ["k"]));
        uint inboxValidity = box.Folder("INBOX").UidValidity;
        box.Run<FolderRenamed>(new RenameFolder("INBOX", "Old Mail"));

        Assert.Empty(box.Folder("INBOX").Messages);
        Assert.Equal(inboxValidity, box.Folder("INBOX").UidValidity);
        Assert.Equal(3u, box.Folder("INBOX").UidNext);
        Assert.Equal("1:2", MailboxQueries.ExpungedSince(box.State, "INBOX", 0).ToString());
        Assert.NotNull(box.State.FindFolder("INBOX/Kept"));
        var moved = box.Folder("Old Mail");
        Assert.NotEqual(inboxValidity, moved.UidValidity);
        Assert.Equal([1u, 2u], moved.Messages.Select(m => m.Uid));
        Assert.Equal(MessageFlags.Seen, moved.Messages[1].Flags);
        Assert.Equal(["k"], moved.Messages[1].Keywords);
        Assert.Equal(1, box.State.BlobReferences(TestMailbox.Blob(1).Hash));
        box.Deliver(3);
        Assert.Equal([3u], box.Uids("INBOX"));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Subscriptions_may_name_missing_folders_and_change_only_when_different()
    {
        var box = NewBox();
        box.Run<SubscriptionChanged>(new SetSubscription("Not/There", true));
        Assert.Contains("Not/There", MailboxQueries.Subscriptions(box.State));
        int events = box.Events.Count;
        box.Run<SubscriptionChanged>(new SetSubscription("Not/There", true));
        Assert.Equal(events, box.Events.Count);
        box.Run<SubscriptionChanged>(new SetSubscription("inbox", false));
        Assert.False(MailboxQueries.ListFolders(box.State).Single(f => f.Name == "INBOX").Subscribed);
        box.Run<FolderCreated>(new CreateFolder("Gone"));
        box.Run<SubscriptionChanged>(new SetSubscription("Gone", true));
        box.Run<FolderDeleted>(new DeleteFolder("Gone"));
        Assert.Contains("Gone", MailboxQueries.Subscriptions(box.State));
        box.AssertReplayMatches();
    }

    [Fact]
    public void Inbox_is_found_in_any_case()
    {
        var box = NewBox();
        Assert.Same(box.State.FindFolder("INBOX"), box.State.FindFolder("Inbox"));
        Assert.Equal("INBOX/x", FolderNames.Normalize("iNbOx/x"));
        Assert.Equal("Inboxes", FolderNames.Normalize("Inboxes"));
        Assert.Null(box.State.FindFolder("sent"));
    }
}
