using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Mailboxes.Tests.Store;

public class InitializationTests
{
    [Fact]
    public void First_command_creates_the_default_folders_subscribed()
    {
        var box = new TestMailbox();
        Assert.False(box.State.IsInitialized);
        var events = box.EventsOf(new ClaimRecent("INBOX"));
        Assert.Equal(5, events.OfType<E.FolderCreated>().Count());
        Assert.True(box.State.IsInitialized);

        var folders = MailboxQueries.ListFolders(box.State);
        Assert.Equal(["INBOX", "Drafts", "Junk", "Sent", "Trash"], folders.Select(f => f.Name));
        Assert.All(folders, f => Assert.True(f.Subscribed));
        Assert.All(folders, f => Assert.False(f.NoSelect));
        Assert.Equal(SpecialUse.Sent, folders.Single(f => f.Name == "Sent").SpecialUse);
        Assert.Equal(SpecialUse.Drafts, folders.Single(f => f.Name == "Drafts").SpecialUse);
        Assert.Equal(SpecialUse.Trash, folders.Single(f => f.Name == "Trash").SpecialUse);
        Assert.Equal(SpecialUse.Junk, folders.Single(f => f.Name == "Junk").SpecialUse);
        Assert.Equal(SpecialUse.None, folders.Single(f => f.Name == "INBOX").SpecialUse);

        var validities = box.State.Folders.Select(f => f.UidValidity).ToList();
        Assert.Equal(5, validities.Distinct().Count());
        Assert.Equal((uint)TestMailbox.Start.ToUnixTimeSeconds(), validities.Min());
        box.AssertReplayMatches();
    }

    [Fact]
    public void Second_command_does_not_initialise_again()
    {
        var box = new TestMailbox();
        box.Deliver(1);
        var events = box.EventsOf(new DeliverMessage("d2", TestMailbox.Blob(2), 10, box.Now));
        Assert.IsType<E.MessageAdded>(Assert.Single(events));
    }

    [Fact]
    public void A_refused_first_command_persists_nothing()
    {
        var box = new TestMailbox();
        Assert.Equal(MailboxError.NoSuchFolder, box.Fail(new AppendMessage("Nope", TestMailbox.Blob(1), 1, MessageFlags.None, [], null)));
        Assert.False(box.State.IsInitialized);
        Assert.Empty(box.Events);
    }

    [Fact]
    public void Uninitialised_state_answers_queries_empty()
    {
        var state = new MailboxState();
        Assert.Empty(MailboxQueries.ListFolders(state));
        Assert.Null(MailboxQueries.Status(state, "INBOX"));
        Assert.Equal(0, MailboxQueries.MessageCount(state, "INBOX"));
        Assert.Empty(MailboxQueries.BlobHashes(state, null, 10));
    }
}
