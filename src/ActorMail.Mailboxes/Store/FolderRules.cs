using ActorMail.Core;
using E = ActorMail.Mailboxes.Store.Events;
using static ActorMail.Mailboxes.Store.MailboxLogic;

namespace ActorMail.Mailboxes.Store;

/// <summary>CREATE, DELETE, RENAME, SUBSCRIBE (RFC 3501 §6.3, RFC 9051 §6.3).</summary>
internal static class FolderRules
{
    public static MailboxDecision Create(MailboxState state, CreateFolder c, DateTimeOffset now)
    {
        var name = FolderNames.Normalize(c.Name);
        if (!FolderNames.IsValid(name)) return Fail(MailboxError.InvalidName, "Invalid folder name");
        var existing = state.FindFolder(name);
        if (existing is { NoSelect: false }) return Fail(MailboxError.AlreadyExists, "Folder already exists");
        if (c.Use != SpecialUse.None && state.Folders.Any(f => f.Use == c.Use))
            return Fail(MailboxError.SpecialUseInUse, "Another folder already has this special use");

        var ids = new IdAllocator(state, now);
        var events = MissingParents(state, name, ids);
        events.Add(new E.FolderCreated(ids.NextFolderId(), name, c.Use, ids.NextUidValidity(), Subscribe: false));
        return new MailboxDecision.Success(events, new FolderCreated(name));
    }

    public static MailboxDecision Delete(MailboxState state, DeleteFolder c)
    {
        var name = FolderNames.Normalize(c.Name);
        if (name == MailboxState.Inbox) return Fail(MailboxError.CannotDeleteInbox, "INBOX cannot be deleted");
        var folder = state.FindFolder(name);
        if (folder is null) return Fail(MailboxError.NoSuchFolder, "No such folder");
        bool hasChildren = state.Folders.Any(f => FolderNames.IsDescendant(f.Name, name));
        if (hasChildren && folder.NoSelect)
            return Fail(MailboxError.HasChildren, "Folder has children and holds no messages");

        var released = Released(state, folder.MessageList.Select(m => m.Blob));
        IMailboxEvent e = hasChildren ? new E.FolderNoSelectSet(folder.Id) : new E.FolderDeleted(folder.Id);
        return Ok(new FolderDeleted(released), e);
    }

    public static MailboxDecision Rename(MailboxState state, RenameFolder c, DateTimeOffset now)
    {
        var from = FolderNames.Normalize(c.From);
        var to = FolderNames.Normalize(c.To);
        var folder = state.FindFolder(from);
        if (folder is null) return Fail(MailboxError.NoSuchFolder, "No such folder");
        if (!FolderNames.IsValid(to)) return Fail(MailboxError.InvalidName, "Invalid folder name");
        if (state.FindFolder(to) is not null) return Fail(MailboxError.AlreadyExists, "Folder already exists");
        bool isInbox = from == MailboxState.Inbox;
        if (!isInbox && FolderNames.IsDescendant(to, from))
            return Fail(MailboxError.InvalidName, "Cannot rename a folder below itself");

        var ids = new IdAllocator(state, now);
        var events = MissingParents(state, to, ids);
        if (!isInbox)
        {
            events.Add(new E.FolderRenamed(folder.Id, to));
            return new MailboxDecision.Success(events, new FolderRenamed(from, to));
        }

        // RFC 3501 §6.3.5: renaming INBOX moves its messages to a new folder and leaves INBOX empty;
        // folders below INBOX stay where they are.
        int newId = ids.NextFolderId();
        events.Add(new E.FolderCreated(newId, to, SpecialUse.None, ids.NextUidValidity(), Subscribe: false));
        if (folder.MessageList.Count > 0)
        {
            var all = UidSet.FromUids(folder.MessageList.Select(m => m.Uid));
            events.Add(new E.MessagesCopied(folder.Id, all, newId, 1, MailboxFolder.InitialModSeq + 1));
            events.Add(new E.MessagesExpunged(folder.Id, folder.HighestModSeq + 1, all));
        }
        return new MailboxDecision.Success(events, new FolderRenamed(from, to));
    }

    public static MailboxDecision Subscribe(MailboxState state, SetSubscription c)
    {
        var name = FolderNames.Normalize(c.Name);
        if (!FolderNames.IsValid(name)) return Fail(MailboxError.InvalidName, "Invalid folder name");
        var result = new SubscriptionChanged(name, c.Subscribed);
        return state.SubscriptionSet.Contains(name) == c.Subscribed
            ? Ok(result)
            : Ok(result, new E.SubscriptionChanged(name, c.Subscribed));
    }

    private static List<IMailboxEvent> MissingParents(MailboxState state, string name, IdAllocator ids)
    {
        var events = new List<IMailboxEvent>();
        foreach (var parent in FolderNames.Ancestors(name))
        {
            if (state.FindFolder(parent) is null)
                events.Add(new E.FolderCreated(ids.NextFolderId(), parent, SpecialUse.None, ids.NextUidValidity(), Subscribe: false));
        }
        return events;
    }
}
