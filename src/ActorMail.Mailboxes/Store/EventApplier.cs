using ActorMail.Core;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Mailboxes.Store;

/// <summary>Changes a <see cref="MailboxState"/> in place by one event.</summary>
internal static class EventApplier
{
    /// <summary>An expunge naming more UID ranges than this sweeps the list once instead of removing range by range.</summary>
    private const int SweepThreshold = 8;

    public static void Apply(MailboxState state, IMailboxEvent e)
    {
        switch (e)
        {
            case E.MessageAdded x: MessageAdded(state, x); break;
            case E.FlagsChanged x: FlagsChanged(state, x); break;
            case E.MessagesExpunged x: Expunged(state, Folder(state, x.FolderId), x.Uids, x.ModSeq); break;
            case E.MessagesCopied x: Copied(state, x); break;
            case E.RecentClaimed x: Folder(state, x.FolderId).RecentFrom = x.RecentFrom; break;
            case E.FolderCreated x: FolderCreated(state, x); break;
            case E.FolderRenamed x: FolderRenamed(state, x); break;
            case E.FolderDeleted x: state.RemoveFolder(Folder(state, x.FolderId)); break;
            case E.FolderNoSelectSet x: NoSelectSet(state, Folder(state, x.FolderId)); break;
            case E.SubscriptionChanged x:
                if (x.Subscribed) state.SubscriptionSet.Add(x.Name); else state.SubscriptionSet.Remove(x.Name);
                break;
            default: throw new ArgumentException($"Unknown mailbox event {e.GetType().Name}", nameof(e));
        }
    }

    private static MailboxFolder Folder(MailboxState state, int id) =>
        state.FolderById(id) ?? throw new InvalidOperationException($"Event names unknown folder {id}");

    private static void MessageAdded(MailboxState state, E.MessageAdded x)
    {
        var folder = Folder(state, x.FolderId);
        if (x.Uid < folder.UidNext) throw new InvalidOperationException($"UID {x.Uid} below UIDNEXT {folder.UidNext}");
        var keywords = state.Intern(x.Keywords);
        folder.RegisterKeywords(keywords);
        folder.MessageList.Add(new MessageEntry(x.Uid, x.Blob, x.Size, x.Flags, keywords, x.InternalDate, x.ModSeq));
        folder.UidNext = x.Uid + 1;
        folder.HighestModSeq = Math.Max(folder.HighestModSeq, x.ModSeq);
        state.Reference(x.Blob);
        if (x.DeliveryId is not null) state.RememberDelivery(x.DeliveryId);
    }

    private static void FlagsChanged(MailboxState state, E.FlagsChanged x)
    {
        var folder = Folder(state, x.FolderId);
        foreach (var c in x.Changes)
        {
            int i = folder.IndexOf(c.Uid);
            if (i < 0) continue;
            var keywords = state.Intern(c.Keywords);
            folder.RegisterKeywords(keywords);
            folder.MessageList[i] = folder.MessageList[i] with { Flags = c.Flags, Keywords = keywords, ModSeq = c.ModSeq };
        }
        folder.HighestModSeq = Math.Max(folder.HighestModSeq, x.ModSeq);
    }

    private static void Expunged(MailboxState state, MailboxFolder folder, UidSet uids, ulong modSeq)
    {
        var list = folder.MessageList;
        if (uids.Ranges.Count <= SweepThreshold)
        {
            for (int r = uids.Ranges.Count - 1; r >= 0; r--)
            {
                var range = uids.Ranges[r];
                int start = folder.LowerBound(range.Start), end = start;
                while (end < list.Count && list[end].Uid <= range.End) state.Release(list[end++].Blob);
                list.RemoveRange(start, end - start);
            }
        }
        else
        {
            int write = 0;
            for (int read = 0; read < list.Count; read++)
            {
                var m = list[read];
                if (uids.Contains(m.Uid)) state.Release(m.Blob);
                else list[write++] = m;
            }
            list.RemoveRange(write, list.Count - write);
        }
        foreach (var range in uids.Ranges) folder.RecordExpunged(range, modSeq);
        folder.HighestModSeq = Math.Max(folder.HighestModSeq, modSeq);
    }

    private static void Copied(MailboxState state, E.MessagesCopied x)
    {
        var source = Folder(state, x.SourceFolderId);
        var target = Folder(state, x.TargetFolderId);
        if (x.FirstTargetUid < target.UidNext)
            throw new InvalidOperationException($"UID {x.FirstTargetUid} below UIDNEXT {target.UidNext}");
        var originals = source.IndexesIn(x.SourceUids).Select(i => source.MessageList[i]).ToArray();
        var memo = new Dictionary<string[], string[]>(ReferenceEqualityComparer.Instance);
        uint uid = x.FirstTargetUid;
        foreach (var m in originals)
        {
            if (!memo.TryGetValue(m.Keywords, out var keywords))
            {
                keywords = m.Keywords.Select(target.CanonicalKeyword).ToArray();
                KeywordRules.Sort(keywords);
                keywords = state.Intern(keywords);
                target.RegisterKeywords(keywords);
                memo[m.Keywords] = keywords;
            }
            target.MessageList.Add(m with { Uid = uid++, Keywords = keywords, ModSeq = x.ModSeq });
            state.Reference(m.Blob);
        }
        if (originals.Length > 0) target.UidNext = uid;
        target.HighestModSeq = Math.Max(target.HighestModSeq, x.ModSeq);
    }

    private static void FolderCreated(MailboxState state, E.FolderCreated x)
    {
        // A \Noselect placeholder of the same name is replaced by the new, selectable folder.
        if (state.ByName.TryGetValue(x.Name, out var old)) state.RemoveFolder(old);
        state.AddFolder(new MailboxFolder(x.FolderId, x.Name, x.Use, x.UidValidity));
        if (x.Subscribe) state.SubscriptionSet.Add(x.Name);
    }

    private static void NoSelectSet(MailboxState state, MailboxFolder folder)
    {
        foreach (var m in folder.MessageList) state.Release(m.Blob);
        folder.MessageList.Clear();
        folder.ExpungedRuns.Clear();
        folder.KeywordTable.Clear();
        folder.KeywordOrder.Clear();
        folder.NoSelect = true;
        folder.Use = SpecialUse.None;
    }

    private static void FolderRenamed(MailboxState state, E.FolderRenamed x)
    {
        var folder = Folder(state, x.FolderId);
        var oldName = folder.Name;
        var moving = state.Folders
            .Where(f => f == folder || FolderNames.IsDescendant(f.Name, oldName))
            .ToList();
        foreach (var f in moving) state.ByName.Remove(f.Name);
        foreach (var f in moving)
        {
            f.Name = x.NewName + f.Name[oldName.Length..];
            state.ByName[f.Name] = f;
        }
        var subscriptions = state.SubscriptionSet
            .Where(s => s == oldName || FolderNames.IsDescendant(s, oldName))
            .ToList();
        foreach (var s in subscriptions)
        {
            state.SubscriptionSet.Remove(s);
            state.SubscriptionSet.Add(x.NewName + s[oldName.Length..]);
        }
    }
}
