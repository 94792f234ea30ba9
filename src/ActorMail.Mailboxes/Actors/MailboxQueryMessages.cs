using ActorMail.Core;
using ActorMail.Mailboxes.Store;

namespace ActorMail.Mailboxes.Actors;

/// <summary>
/// A read-only question to a mailbox entity, answered from its state in order after the commands
/// sent before it are persisted. Answers are bounded (paged): no body ever travels in a message.
/// </summary>
public abstract record MailboxQuery
{
    public abstract object Run(MailboxState state);

    protected static MailboxDecision.Failure NoSuchFolder(string folder) =>
        new(MailboxError.NoSuchFolder, $"no folder {folder}");
}

/// <summary>Answers <see cref="FolderStatus"/> or a failure when the folder does not exist.</summary>
public sealed record FolderStatusQuery(string Folder) : MailboxQuery
{
    public override object Run(MailboxState state) => (object?)MailboxQueries.Status(state, Folder) ?? NoSuchFolder(Folder);
}

/// <summary>Answers the list of <see cref="FolderInfo"/>.</summary>
public sealed record ListFoldersQuery : MailboxQuery
{
    public override object Run(MailboxState state) => new FolderList(MailboxQueries.ListFolders(state), MailboxQueries.Subscriptions(state));
}

public sealed record FolderList(IReadOnlyList<FolderInfo> Folders, IReadOnlyList<string> Subscriptions);

/// <summary>Messages of a folder with UIDs in [From, To], at most Max (≤ 500); continue after the last UID.</summary>
public sealed record MessagePageQuery(string Folder, uint From, uint To, int Max = MessagePage.MaxSize) : MailboxQuery
{
    public override object Run(MailboxState state)
    {
        if (state.FindFolder(Folder) is null) return NoSuchFolder(Folder);
        var items = MailboxQueries.Page(state, Folder, From, To, Math.Clamp(Max, 1, MessagePage.MaxSize));
        return new MessagePage(items, items.Count == Math.Clamp(Max, 1, MessagePage.MaxSize));
    }
}

/// <summary>Messages whose modseq is above ModSeq (CONDSTORE CHANGEDSINCE), paged by UID.</summary>
public sealed record ChangedSinceQuery(string Folder, ulong ModSeq, uint FromUid = 1, int Max = MessagePage.MaxSize) : MailboxQuery
{
    public override object Run(MailboxState state)
    {
        if (state.FindFolder(Folder) is null) return NoSuchFolder(Folder);
        var items = MailboxQueries.ChangedSince(state, Folder, ModSeq, FromUid, Math.Clamp(Max, 1, MessagePage.MaxSize));
        return new MessagePage(items, items.Count == Math.Clamp(Max, 1, MessagePage.MaxSize));
    }
}

/// <summary>UIDs expunged after ModSeq (QRESYNC VANISHED).</summary>
public sealed record ExpungedSinceQuery(string Folder, ulong ModSeq) : MailboxQuery
{
    public override object Run(MailboxState state) =>
        state.FindFolder(Folder) is null ? NoSuchFolder(Folder) : MailboxQueries.ExpungedSince(state, Folder, ModSeq);
}

/// <summary>Blob hashes this mailbox references, in order, for blob reclaim.</summary>
public sealed record BlobHashesQuery(string? AfterHash, int Max = 500) : MailboxQuery
{
    public override object Run(MailboxState state) => new BlobHashPage(MailboxQueries.BlobHashes(state, AfterHash, Math.Clamp(Max, 1, 500)));
}

public sealed record BlobHashPage(IReadOnlyList<string> Hashes);

public sealed record MessagePage(IReadOnlyList<MessageEntry> Messages, bool MayHaveMore)
{
    public const int MaxSize = 500;
}

/// <summary>UIDs of a folder from FromUid on, ascending, at most Max (≤ 50,000) per page (an IMAP session's MSN map).</summary>
public sealed record UidListQuery(string Folder, uint FromUid = 1, int Max = UidList.MaxSize) : MailboxQuery
{
    public override object Run(MailboxState state)
    {
        var f = state.FindFolder(Folder);
        if (f is null) return NoSuchFolder(Folder);
        int max = Math.Clamp(Max, 1, UidList.MaxSize);
        var uids = new List<uint>(Math.Min(max, f.MessageList.Count));
        for (int i = f.LowerBound(FromUid); i < f.MessageList.Count && uids.Count < max; i++) uids.Add(f.MessageList[i].Uid);
        return new UidList(uids.ToArray(), uids.Count == max);
    }
}

public sealed record UidList(uint[] Uids, bool MayHaveMore)
{
    public const int MaxSize = 50_000;
}

/// <summary>Keywords defined in a folder (IMAP FLAGS / PERMANENTFLAGS), answered as <see cref="FolderKeywords"/>.</summary>
public sealed record FolderKeywordsQuery(string Folder) : MailboxQuery
{
    public override object Run(MailboxState state) =>
        state.FindFolder(Folder) is null ? NoSuchFolder(Folder) : new FolderKeywords(MailboxQueries.Keywords(state, Folder));
}

public sealed record FolderKeywords(IReadOnlyList<string> Keywords);
