using ActorMail.Core;

namespace ActorMail.Mailboxes.Store;

/// <summary>
/// State of one folder of a mailbox. Read-only to callers; changed only by <see cref="MailboxLogic.Apply"/>.
/// </summary>
/// <remarks>
/// Messages are kept sorted by UID. Expunged UIDs are kept as runs sorted by Start. Neighbouring runs with
/// no live message between them are merged when they share a modseq, and, past
/// <see cref="MaxExpungedRuns"/>, involving the older half; so a QRESYNC answer may name a UID expunged earlier
/// than asked (clients ignore UIDs they do not know), but never a live one.
/// </remarks>
public sealed class MailboxFolder
{
    /// <summary>Runs kept before neighbouring runs are merged regardless of modseq.</summary>
    internal const int MaxExpungedRuns = 10_000;

    /// <summary>HIGHESTMODSEQ of a new, empty folder.</summary>
    internal const ulong InitialModSeq = 1;

    internal readonly List<MessageEntry> MessageList = [];
    internal readonly List<ExpungedRun> ExpungedRuns = [];
    internal readonly Dictionary<string, string> KeywordTable = new(StringComparer.OrdinalIgnoreCase);
    internal readonly List<string> KeywordOrder = [];

    /// <summary>Run count after the last compaction; the next one waits for an eighth of the limit more.</summary>
    internal int CompactionMark;

    internal MailboxFolder(int id, string name, SpecialUse use, uint uidValidity)
    {
        Id = id;
        Name = name;
        Use = use;
        UidValidity = uidValidity;
    }

    /// <summary>Stable id, unchanged by rename; events refer to folders by it.</summary>
    public int Id { get; }
    /// <summary>Full name with '/' as separator; "INBOX" is always upper case.</summary>
    public string Name { get; internal set; }
    public SpecialUse Use { get; internal set; }
    /// <summary>A deleted folder kept because it still has children (\Noselect).</summary>
    public bool NoSelect { get; internal set; }
    public uint UidValidity { get; }
    public uint UidNext { get; internal set; } = 1;
    public ulong HighestModSeq { get; internal set; } = InitialModSeq;
    /// <summary>First UID not yet claimed as \Recent by a session.</summary>
    public uint RecentFrom { get; internal set; } = 1;

    /// <summary>Messages sorted by UID.</summary>
    public IReadOnlyList<MessageEntry> Messages => MessageList;
    /// <summary>Expunged UID runs sorted by Start.</summary>
    public IReadOnlyList<ExpungedRun> Expunged => ExpungedRuns;
    /// <summary>Every keyword defined in this folder, in order of first use.</summary>
    public IReadOnlyList<string> Keywords => KeywordOrder;

    /// <summary>Index of the first message with UID ≥ <paramref name="uid"/>.</summary>
    public int LowerBound(uint uid)
    {
        int lo = 0, hi = MessageList.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (MessageList[mid].Uid < uid) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Index of the message with this UID, or -1.</summary>
    public int IndexOf(uint uid)
    {
        int i = LowerBound(uid);
        return i < MessageList.Count && MessageList[i].Uid == uid ? i : -1;
    }

    /// <summary>Indexes of the messages whose UID is in <paramref name="uids"/>, ascending.</summary>
    public IEnumerable<int> IndexesIn(UidSet uids)
    {
        foreach (var r in uids.Ranges)
        {
            for (int i = LowerBound(r.Start); i < MessageList.Count && MessageList[i].Uid <= r.End; i++)
                yield return i;
        }
    }

    internal string CanonicalKeyword(string keyword) =>
        KeywordTable.TryGetValue(keyword, out var canonical) ? canonical : keyword;

    internal void RegisterKeywords(string[] keywords)
    {
        foreach (var k in keywords)
        {
            if (KeywordTable.TryAdd(k, k)) KeywordOrder.Add(k);
        }
    }

    internal bool HasLiveBetween(uint after, uint before)
    {
        if ((ulong)after + 1 >= before) return false;
        int i = LowerBound(after + 1);
        return i < MessageList.Count && MessageList[i].Uid < before;
    }

    internal void RecordExpunged(UidRange range, ulong modSeq)
    {
        int lo = 0, hi = ExpungedRuns.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ExpungedRuns[mid].Start < range.Start) lo = mid + 1; else hi = mid;
        }
        ExpungedRuns.Insert(lo, new ExpungedRun(range.Start, range.End, modSeq));
        if (lo + 1 < ExpungedRuns.Count && ExpungedRuns[lo + 1].ModSeq == modSeq) TryMerge(lo, modSeq);
        if (lo > 0 && ExpungedRuns[lo - 1].ModSeq == modSeq) TryMerge(lo - 1, modSeq);
        if (ExpungedRuns.Count > MaxExpungedRuns && ExpungedRuns.Count > CompactionMark + MaxExpungedRuns / 8)
        {
            CompactExpunged();
            CompactionMark = ExpungedRuns.Count;
        }
    }

    private bool TryMerge(int index, ulong maxModSeq)
    {
        var a = ExpungedRuns[index];
        var b = ExpungedRuns[index + 1];
        if (Math.Min(a.ModSeq, b.ModSeq) > maxModSeq) return false;
        if (HasLiveBetween(a.End, b.Start)) return false;
        ExpungedRuns[index] = new ExpungedRun(a.Start, Math.Max(a.End, b.End), Math.Max(a.ModSeq, b.ModSeq));
        ExpungedRuns.RemoveAt(index + 1);
        return true;
    }

    /// <summary>
    /// Merges neighbouring runs that no live message separates when one of them is in the older half (by
    /// modseq), so recent expunges stay exact and old ones are reported as if recent.
    /// </summary>
    private void CompactExpunged()
    {
        var modSeqs = ExpungedRuns.Select(r => r.ModSeq).ToArray();
        Array.Sort(modSeqs);
        ulong threshold = modSeqs[modSeqs.Length / 2];
        for (int i = ExpungedRuns.Count - 2; i >= 0; i--) TryMerge(i, threshold);
    }
}
