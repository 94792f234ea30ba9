using ActorMail.Core;
using E = ActorMail.Mailboxes.Store.Events;
using static ActorMail.Mailboxes.Store.MailboxLogic;

namespace ActorMail.Mailboxes.Store;

/// <summary>Decisions that remove messages: EXPUNGE, UID EXPUNGE, automatic expunge, account removal.</summary>
internal static class ExpungeRules
{
    public static MailboxDecision Expunge(MailboxState state, ExpungeMessages c)
    {
        if (Selectable(state, c.Folder, out var folder) is { } failure) return failure;
        var candidates = c.Only is null ? Enumerable.Range(0, folder.MessageList.Count) : folder.IndexesIn(c.Only);
        var removed = Deleted(folder, candidates);
        if (removed.Count == 0) return Ok(new Expunged([], folder.HighestModSeq, []));
        var e = ExpungeEvent(folder, removed);
        var released = Released(state, removed.Select(m => m.Blob));
        return Ok(new Expunged(removed.Select(m => m.Uid).ToArray(), e.ModSeq, released), e);
    }

    /// <summary>POP3 UPDATE: removes exactly the given UIDs (whatever their flags) in one event.</summary>
    public static MailboxDecision Remove(MailboxState state, RemoveMessages c)
    {
        if (Selectable(state, c.Folder, out var folder) is { } failure) return failure;
        var removed = folder.IndexesIn(c.Uids).Select(i => folder.MessageList[i]).ToList();
        if (removed.Count == 0) return Ok(new Expunged([], folder.HighestModSeq, []));
        var e = ExpungeEvent(folder, removed);
        var released = Released(state, removed.Select(m => m.Blob));
        return Ok(new Expunged(removed.Select(m => m.Uid).ToArray(), e.ModSeq, released), e);
    }

    public static MailboxDecision AutoExpunge(MailboxState state)
    {
        var events = new List<IMailboxEvent>();
        var folders = new List<FolderExpunge>();
        var blobs = new List<BlobRef>();
        foreach (var folder in state.Folders.OrderBy(f => f.Id))
        {
            var removed = Deleted(folder, Enumerable.Range(0, folder.MessageList.Count));
            if (removed.Count == 0) continue;
            var e = ExpungeEvent(folder, removed);
            events.Add(e);
            folders.Add(new FolderExpunge(folder.Name, removed.Select(m => m.Uid).ToArray(), e.ModSeq));
            blobs.AddRange(removed.Select(m => m.Blob));
        }
        return new MailboxDecision.Success(events, new AutoExpunged(folders, Released(state, blobs)));
    }

    public static MailboxDecision RemoveAll(MailboxState state)
    {
        var events = new List<IMailboxEvent>();
        var blobs = new List<BlobRef>();
        foreach (var folder in state.Folders.OrderBy(f => f.Id))
        {
            if (folder.MessageList.Count == 0) continue;
            events.Add(ExpungeEvent(folder, folder.MessageList));
            blobs.AddRange(folder.MessageList.Select(m => m.Blob));
        }
        return new MailboxDecision.Success(events, new AllMessagesRemoved(Released(state, blobs)));
    }

    private static List<MessageEntry> Deleted(MailboxFolder folder, IEnumerable<int> indexes)
    {
        var removed = new List<MessageEntry>();
        foreach (int i in indexes)
        {
            var m = folder.MessageList[i];
            if ((m.Flags & MessageFlags.Deleted) != 0) removed.Add(m);
        }
        return removed;
    }

    private static E.MessagesExpunged ExpungeEvent(MailboxFolder folder, IReadOnlyList<MessageEntry> removed) =>
        new(folder.Id, folder.HighestModSeq + 1, UidSet.FromUids(removed.Select(m => m.Uid)));
}
