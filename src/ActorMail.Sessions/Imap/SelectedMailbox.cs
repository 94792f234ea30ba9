using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The selected folder as one IMAP session sees it: the message sequence number map (the UIDs the client
/// knows, ascending; MSN n is <c>Uids[n-1]</c>) and the changes of other sessions not yet announced.
/// Pure state: the session feeds it mailbox events (<see cref="Apply"/>) and asks it for the untagged responses it may send.
/// </summary>
internal sealed class SelectedMailbox
{
    private readonly List<uint> _uids;
    private readonly SortedSet<uint> _pendingExpunges = [];
    private readonly List<FlagChange> _pendingFlags = [];
    private readonly HashSet<ulong> _ownModSeqs = [];
    private int _announcedCount;
    private uint _maxKnownUid;
    private ulong _resynchronizedTo;

    public SelectedMailbox(string name, int folderId, bool readOnly, uint uidValidity, List<uint> uids, uint recentFrom, ulong highestModSeq)
    {
        Name = name;
        FolderId = folderId;
        ReadOnly = readOnly;
        UidValidity = uidValidity;
        _uids = uids;
        _announcedCount = uids.Count;
        _maxKnownUid = uids.Count == 0 ? 0 : uids[^1];
        RecentFrom = recentFrom;
        HighestModSeq = highestModSeq;
    }

    public string Name { get; set; }
    public int FolderId { get; }
    public bool ReadOnly { get; }
    public uint UidValidity { get; }

    /// <summary>UIDs at or above this are \Recent in this session.</summary>
    public uint RecentFrom { get; }

    public ulong HighestModSeq { get; private set; }

    /// <summary>The folder was deleted (or became \Noselect) while selected.</summary>
    public bool Gone { get; set; }

    /// <summary>The folder was renamed: the session looks its name up again by id.</summary>
    public bool NameStale { get; set; }

    public IReadOnlyList<uint> Uids => _uids;

    public int Count => _uids.Count;

    public uint MaxUid => _uids.Count == 0 ? 0 : _uids[^1];

    /// <summary>The highest UID this session has heard of (including messages expunged since).</summary>
    public uint MaxKnownUid => _maxKnownUid;

    public bool IsRecent(uint uid) => uid >= RecentFrom;

    public int RecentCount
    {
        get
        {
            int i = LowerBound(RecentFrom);
            return _uids.Count - i;
        }
    }

    /// <summary>The MSN of a UID, or 0 when the client does not know it.</summary>
    public int Msn(uint uid)
    {
        int i = _uids.BinarySearch(uid);
        return i < 0 ? 0 : i + 1;
    }

    /// <summary>Remembers a modseq produced by this session's own STORE, so that its echo is not announced again.</summary>
    public void MarkOwn(ulong modSeq) => _ownModSeqs.Add(modSeq);

    public void RaiseModSeq(ulong modSeq) => HighestModSeq = Math.Max(HighestModSeq, modSeq);

    /// <summary>New messages of the folder (ascending, above every UID seen so far; repeats are ignored).</summary>
    public void Added(IEnumerable<uint> uids)
    {
        foreach (var uid in uids)
        {
            if (uid <= _maxKnownUid) continue;
            _maxKnownUid = uid;
            _uids.Add(uid);
        }
    }

    /// <summary>Messages removed by another session (or auto-expunge): announced when allowed.</summary>
    public void Expunged(UidSet uids, ulong modSeq)
    {
        RaiseModSeq(modSeq);
        foreach (var uid in uids.Intersect(_uids)) _pendingExpunges.Add(uid);
    }

    public void FlagsChanged(ulong modSeq, IEnumerable<FlagChange> changes)
    {
        RaiseModSeq(modSeq);
        if (_ownModSeqs.Remove(modSeq) || modSeq <= _resynchronizedTo) return;
        _pendingFlags.AddRange(changes);
    }

    /// <summary>Takes in an event of the account's mailbox: what concerns this folder is queued to be announced.</summary>
    public void Apply(IMailboxEvent mailboxEvent)
    {
        switch (mailboxEvent)
        {
            case E.MessageAdded a when a.FolderId == FolderId:
                Added([a.Uid]);
                RaiseModSeq(a.ModSeq);
                break;
            case E.MessagesCopied m when m.TargetFolderId == FolderId:
                var count = (uint)m.SourceUids.Count;
                Added(Enumerable.Range(0, (int)count).Select(i => m.FirstTargetUid + (uint)i));
                RaiseModSeq(m.ModSeq);
                break;
            case E.MessagesExpunged x when x.FolderId == FolderId:
                Expunged(x.Uids, x.ModSeq);
                break;
            case E.FlagsChanged f when f.FolderId == FolderId:
                FlagsChanged(f.ModSeq, f.Changes);
                break;
            case E.FolderDeleted d when d.FolderId == FolderId:
                Gone = true;
                break;
            case E.FolderNoSelectSet n when n.FolderId == FolderId:
                Gone = true;
                break;
            case E.FolderRenamed:
                NameStale = true;
                break;
        }
    }

    /// <summary>
    /// Catches up after the mailbox entity's notices were lost (it stopped or restarted): compares this view
    /// with the folder's current UIDs (ascending) and queues what a stream of notices would have brought:
    /// expunges of known messages, new messages, and the flags of known messages changed above
    /// <see cref="HighestModSeq"/>. Notices of changes up to <paramref name="highestModSeq"/> that arrive
    /// later are repeats and are ignored.
    /// </summary>
    public void Resynchronize(IReadOnlyList<uint> currentUids, IEnumerable<FlagChange> changedFlags, ulong highestModSeq)
    {
        int c = 0;
        foreach (var uid in _uids)
        {
            while (c < currentUids.Count && currentUids[c] < uid) c++;
            if (c >= currentUids.Count || currentUids[c] != uid) _pendingExpunges.Add(uid);
        }

        Added(currentUids.Where(u => u > _maxKnownUid));
        foreach (var change in changedFlags)
        {
            if (change.ModSeq > HighestModSeq && Msn(change.Uid) > 0 && !_pendingExpunges.Contains(change.Uid)) _pendingFlags.Add(change);
        }

        _resynchronizedTo = Math.Max(_resynchronizedTo, highestModSeq);
        RaiseModSeq(highestModSeq);
    }

    /// <summary>Removes messages this session expunged itself and returns their MSNs, highest first (the order to announce them).</summary>
    public List<int> RemoveOwn(IEnumerable<uint> uids)
    {
        var msns = new List<int>();
        foreach (var uid in uids.OrderDescending())
        {
            int i = _uids.BinarySearch(uid);
            if (i < 0) continue;
            msns.Add(i + 1);
            _uids.RemoveAt(i);
            _pendingExpunges.Remove(uid);
        }
        _announcedCount = Math.Min(_announcedCount, _uids.Count);
        return msns;
    }

    /// <summary>
    /// Writes the untagged responses that are due: EXPUNGE (or VANISHED when <paramref name="qresync"/>)
    /// only when <paramref name="allowExpunge"/>, then EXISTS/RECENT for new messages, then FETCH FLAGS.
    /// </summary>
    public void Flush(ImapWriter w, bool allowExpunge, bool qresync, bool condStore)
    {
        if (allowExpunge && _pendingExpunges.Count > 0)
        {
            var gone = _pendingExpunges.ToArray();
            _pendingExpunges.Clear();
            if (qresync)
            {
                RemoveOwn(gone);
                w.Vanished(UidSet.FromUids(gone), earlier: false);
            }
            else
            {
                foreach (var msn in RemoveOwn(gone)) w.Untagged().Number((ulong)msn).Raw(" EXPUNGE").EndLine();
            }
        }

        if (_uids.Count != _announcedCount)
        {
            bool grew = _uids.Count > _announcedCount;
            _announcedCount = _uids.Count;
            w.Untagged().Number((ulong)_uids.Count).Raw(" EXISTS").EndLine();
            if (grew) w.Untagged().Number((ulong)RecentCount).Raw(" RECENT").EndLine();
        }

        if (_pendingFlags.Count > 0)
        {
            foreach (var c in _pendingFlags)
            {
                int msn = Msn(c.Uid);
                if (msn == 0) continue;
                w.Untagged().Number((ulong)msn).Raw(" FETCH (UID ").Number(c.Uid).Raw(" FLAGS ")
                    .Flags(c.Flags, c.Keywords, IsRecent(c.Uid));
                if (condStore) w.Raw(" MODSEQ (").Number(c.ModSeq).Raw(")");
                w.Raw(")").EndLine();
            }
            _pendingFlags.Clear();
        }
    }

    /// <summary>Whether something waits to be announced.</summary>
    public bool HasPending => _pendingExpunges.Count > 0 || _pendingFlags.Count > 0 || _uids.Count != _announcedCount;

    private int LowerBound(uint uid)
    {
        int lo = 0, hi = _uids.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_uids[mid] < uid) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
