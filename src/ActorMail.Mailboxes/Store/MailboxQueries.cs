using ActorMail.Core;

namespace ActorMail.Mailboxes.Store;

/// <summary>One folder as LIST shows it.</summary>
public sealed record FolderInfo(string Name, SpecialUse SpecialUse, bool Subscribed, bool NoSelect, bool HasChildren, int Id);

/// <summary>STATUS / SELECT figures of one folder (RFC 9051 §6.3.11, RFC 7162, RFC 8438 SIZE).</summary>
public sealed record FolderStatus(
    int Messages,
    int Recent,
    uint UidNext,
    uint UidValidity,
    int Unseen,
    ulong HighestModSeq,
    long Size,
    int Deleted);

/// <summary>Read-only questions about a <see cref="MailboxState"/>; answers are bounded by the caller's max.</summary>
public static class MailboxQueries
{
    /// <summary>Every folder, INBOX first, then by name (ordinal).</summary>
    public static IReadOnlyList<FolderInfo> ListFolders(MailboxState state)
    {
        var names = state.Folders.Select(f => f.Name).ToArray();
        Array.Sort(names, CompareNames);
        var result = new FolderInfo[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            var f = state.ByName[names[i]];
            // Sorted ordinally, a folder's children follow it directly (see CompareNames).
            bool hasChildren = i + 1 < names.Length && FolderNames.IsDescendant(names[i + 1], f.Name);
            result[i] = new FolderInfo(f.Name, f.Use, state.SubscriptionSet.Contains(f.Name), f.NoSelect, hasChildren, f.Id);
        }
        return result;
    }

    /// <summary>Subscribed names, sorted like <see cref="ListFolders"/>; they need not exist.</summary>
    public static IReadOnlyList<string> Subscriptions(MailboxState state)
    {
        var names = state.SubscriptionSet.ToArray();
        Array.Sort(names, CompareNames);
        return names;
    }

    /// <summary>Status of a folder, or null when it does not exist or is \Noselect.</summary>
    public static FolderStatus? Status(MailboxState state, string folder)
    {
        var f = state.FindFolder(folder);
        if (f is null || f.NoSelect) return null;
        int recent = 0, unseen = 0, deleted = 0;
        long size = 0;
        foreach (var m in f.MessageList)
        {
            if (m.Uid >= f.RecentFrom) recent++;
            if ((m.Flags & MessageFlags.Seen) == 0) unseen++;
            if ((m.Flags & MessageFlags.Deleted) != 0) deleted++;
            size += m.Size;
        }
        return new FolderStatus(f.MessageList.Count, recent, f.UidNext, f.UidValidity, unseen, f.HighestModSeq, size, deleted);
    }

    /// <summary>Number of messages in a folder (0 when it does not exist).</summary>
    public static int MessageCount(MailboxState state, string folder) => state.FindFolder(folder)?.MessageList.Count ?? 0;

    /// <summary>Keywords defined in a folder (for FLAGS / PERMANENTFLAGS).</summary>
    public static IReadOnlyList<string> Keywords(MailboxState state, string folder) =>
        state.FindFolder(folder)?.Keywords ?? [];

    /// <summary>
    /// At most <paramref name="max"/> messages with fromUid ≤ UID ≤ toUid, ascending. Continue after the
    /// last UID returned.
    /// </summary>
    public static IReadOnlyList<MessageEntry> Page(MailboxState state, string folder, uint fromUid, uint toUid, int max)
    {
        var f = state.FindFolder(folder);
        if (f is null || max <= 0) return [];
        var result = new List<MessageEntry>(Math.Min(max, 256));
        for (int i = f.LowerBound(fromUid); i < f.MessageList.Count && result.Count < max; i++)
        {
            var m = f.MessageList[i];
            if (m.Uid > toUid) break;
            result.Add(m);
        }
        return result;
    }

    /// <summary>
    /// At most <paramref name="max"/> messages with UID ≥ fromUid whose modseq is above
    /// <paramref name="modSeq"/> (CONDSTORE CHANGEDSINCE), ascending by UID.
    /// </summary>
    public static IReadOnlyList<MessageEntry> ChangedSince(MailboxState state, string folder, ulong modSeq, uint fromUid, int max)
    {
        var f = state.FindFolder(folder);
        if (f is null || max <= 0 || modSeq >= f.HighestModSeq) return [];
        var result = new List<MessageEntry>();
        for (int i = f.LowerBound(fromUid); i < f.MessageList.Count && result.Count < max; i++)
        {
            var m = f.MessageList[i];
            if (m.ModSeq > modSeq) result.Add(m);
        }
        return result;
    }

    /// <summary>
    /// UIDs expunged after <paramref name="modSeq"/> (QRESYNC VANISHED (EARLIER)); may include some expunged
    /// earlier, never a live one.
    /// </summary>
    public static UidSet ExpungedSince(MailboxState state, string folder, ulong modSeq)
    {
        var f = state.FindFolder(folder);
        if (f is null) return UidSet.Empty;
        return UidSet.FromRanges(f.ExpungedRuns.Where(r => r.ModSeq > modSeq).Select(r => new UidRange(r.Start, r.End)));
    }

    /// <summary>At most <paramref name="max"/> distinct blob hashes referenced by this mailbox, ascending, after <paramref name="afterHash"/>.</summary>
    public static IReadOnlyList<string> BlobHashes(MailboxState state, string? afterHash, int max)
    {
        if (max <= 0) return [];
        var sorted = state.SortedHashes();
        if (sorted.Count == 0) return [];
        IEnumerable<string> view = afterHash is null
            ? sorted
            : string.CompareOrdinal(afterHash, sorted.Max) >= 0 ? [] : sorted.GetViewBetween(afterHash, sorted.Max!);
        return view.Where(h => afterHash is null || string.CompareOrdinal(h, afterHash) > 0).Take(max).ToArray();
    }

    /// <summary>Ordinal order in which a parent sorts directly before its children ('/' sorts first) and INBOX first.</summary>
    private static int CompareNames(string a, string b)
    {
        bool ai = a == MailboxState.Inbox || FolderNames.IsDescendant(a, MailboxState.Inbox);
        bool bi = b == MailboxState.Inbox || FolderNames.IsDescendant(b, MailboxState.Inbox);
        if (ai != bi) return ai ? -1 : 1;
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            if (x == FolderNames.Separator) return -1;
            if (y == FolderNames.Separator) return 1;
            return x.CompareTo(y);
        }
        return a.Length.CompareTo(b.Length);
    }
}
