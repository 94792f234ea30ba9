using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Protocols.Imap.Search;
using ActorMail.Storage.Summaries;

namespace ActorMail.Sessions.Imap;

// Selection and search: SELECT/EXAMINE (with QRESYNC), CLOSE, SEARCH. STORE, COPY, MOVE, EXPUNGE and APPEND
// are run by ImapMessageChanges.
public sealed partial class ImapSession
{
    private const string SystemFlags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    /// <summary>Before a command in the selected state: follows a rename of the folder, notices its deletion.</summary>
    private async Task<bool> SelectionUsableAsync(ImapCommand command)
    {
        if (_conversation.Selected is not { } sel) return true;
        if (sel.NameStale && !sel.Gone)
        {
            sel.NameStale = false;
            var folder = (await _mailbox.FoldersAsync()).Folders.FirstOrDefault(f => f.Id == sel.FolderId);
            if (folder is null || folder.NoSelect) sel.Gone = true;
            else sel.Name = folder.Name;
        }

        if (!sel.Gone || !ImapCommandTable.For(command).IsAllowedIn(ImapState.Selected) || ImapCommandTable.For(command).IsAllowedIn(ImapState.Authenticated))
        {
            return true;
        }

        _conversation.Deselect();
        _w.Status(command.Tag, ImapStatus.No, ImapResponseCode.Nonexistent, "The selected mailbox no longer exists");
        return false;
    }

    private async Task SelectAsync(SelectCommand c)
    {
        _conversation.Saved = UidSet.Empty;
        if (_conversation.Selected is not null)
        {
            _conversation.Deselect();
            if (_conversation.Qresync) _w.Status(null, ImapStatus.Ok, ImapResponseCode.Closed, "Previous mailbox closed");
        }

        if (c.Qresync is not null && !_conversation.Qresync)
        {
            Tagged(c.Tag, ImapStatus.Bad, null, "QRESYNC is not enabled");
            return;
        }

        if (c.Qresync is { KnownSequenceSet: { } knownSeqs, KnownUidSet: { } knownUids }
            && (knownSeqs.IsSaved || knownUids.IsSaved
                || !QresyncMatch.IsValid(knownSeqs.Text, knownUids.Text, knownSeqs.Resolve(uint.MaxValue), knownUids.Resolve(uint.MaxValue))))
        {
            Tagged(c.Tag, ImapStatus.Bad, null, "Invalid QRESYNC sequence match data");
            return;
        }

        if (c.CondStore || c.Qresync is not null) _conversation.CondStore = true;
        var folder = (await _mailbox.FoldersAsync()).Folders.FirstOrDefault(f => f.Name == c.Mailbox);
        if (folder is null || folder.NoSelect)
        {
            Tagged(c.Tag, ImapStatus.No, folder is null ? ImapResponseCode.Nonexistent : ImapResponseCode.Cannot,
                folder is null ? "No such mailbox" : "Mailbox cannot be selected");
            return;
        }

        uint recentFrom = uint.MaxValue;
        if (!c.ReadOnly && await AskAsync(new ClaimRecent(folder.Name)) is RecentClaimed claimed)
        {
            recentFrom = claimed.FirstRecentUid;
        }

        if (await AskAsync(new FolderStatusQuery(folder.Name)) is not FolderStatus status)
        {
            Tagged(c.Tag, ImapStatus.No, ImapResponseCode.Nonexistent, "No such mailbox");
            return;
        }

        var uids = await _mailbox.LoadUidsAsync(folder.Name);
        if (c.ReadOnly && status.Recent > 0 && status.Recent <= uids.Count) recentFrom = uids[^status.Recent];
        var keywords = await AskAsync(new FolderKeywordsQuery(folder.Name)) as FolderKeywords;
        var sel = new SelectedMailbox(folder.Name, folder.Id, c.ReadOnly, status.UidValidity, uids, recentFrom, status.HighestModSeq);

        var kw = keywords is null || keywords.Keywords.Count == 0 ? "" : " " + string.Join(' ', keywords.Keywords);
        _w.Untagged().Raw("FLAGS (").Raw(SystemFlags).Raw(kw).Raw(")").EndLine();
        _w.Status(null, ImapStatus.Ok, c.ReadOnly ? "PERMANENTFLAGS ()" : "PERMANENTFLAGS (" + SystemFlags + kw + " \\*)", "Flags permitted");
        _w.Untagged().Number((ulong)uids.Count).Raw(" EXISTS").EndLine();
        _w.Untagged().Number((ulong)sel.RecentCount).Raw(" RECENT").EndLine();
        if (status.Unseen > 0 && await _mailbox.FirstUnseenAsync(sel) is > 0 and var unseen)
        {
            _w.Status(null, ImapStatus.Ok, ImapResponseCode.Unseen((uint)unseen), "First unseen");
        }

        _w.Status(null, ImapStatus.Ok, ImapResponseCode.UidValidity(status.UidValidity), "UIDs valid");
        _w.Status(null, ImapStatus.Ok, ImapResponseCode.UidNext(status.UidNext), "Predicted next UID");
        _w.Status(null, ImapStatus.Ok, ImapResponseCode.HighestModSeq(status.HighestModSeq), "Highest");

        _conversation.Selected = sel;
        _conversation.State = ImapState.Selected;
        if (c.Qresync is { } q && q.UidValidity == status.UidValidity)
        {
            await ResyncAsync(sel, q);
        }

        Tagged(c.Tag, ImapStatus.Ok, c.ReadOnly ? ImapResponseCode.ReadOnly : ImapResponseCode.ReadWrite,
            c.ReadOnly ? "EXAMINE completed" : "SELECT completed");
    }

    /// <summary>
    /// QRESYNC (RFC 7162 §3.2.5): VANISHED (EARLIER) for what the client may still hold (within its known UIDs,
    /// and above the last UID its sequence match data confirms, §3.2.5.2), then the changed messages' flags.
    /// </summary>
    private async Task ResyncAsync(SelectedMailbox sel, QresyncParameters q)
    {
        if (await AskAsync(new ExpungedSinceQuery(sel.Name, q.ModSeq)) is UidSet vanished)
        {
            if (q.KnownUids is { IsSaved: false } known) vanished = vanished.Intersect(known.Resolve(uint.MaxValue));
            if (q is { KnownSequenceSet: { } seqs, KnownUidSet: { } uids })
            {
                uint confirmed = QresyncMatch.LastMatchedUid(sel.Uids, seqs.Resolve(uint.MaxValue), uids.Resolve(uint.MaxValue));
                if (confirmed == uint.MaxValue) vanished = UidSet.Empty;
                else if (confirmed > 0) vanished = vanished.Intersect(UidSet.FromRange(confirmed + 1, uint.MaxValue));
            }

            _w.Vanished(vanished, earlier: true);
        }

        await _mailbox.ForChangedAsync(sel, q.ModSeq, null, m =>
        {
            WriteFlagsFetch(sel, m, includeUid: true);
            return Task.CompletedTask;
        });
    }

    private void WriteFlagsFetch(SelectedMailbox sel, MessageEntry m, bool includeUid)
    {
        _w.Untagged().Number((ulong)sel.Msn(m.Uid)).Raw(" FETCH (");
        if (includeUid) _w.Raw("UID ").Number(m.Uid).Space();
        _w.Raw("FLAGS ").Flags(m.Flags, m.Keywords, sel.IsRecent(m.Uid));
        if (_conversation.CondStore) _w.Raw(" MODSEQ (").Number(m.ModSeq).Raw(")");
        _w.Raw(")").EndLine();
    }

    private async Task CloseMailboxAsync(CloseCommand c)
    {
        var sel = _conversation.Selected!;
        if (!sel.ReadOnly) await AskAsync(new ExpungeMessages(sel.Name));
        _conversation.Deselect();
        _w.Status(c.Tag, ImapStatus.Ok, null, "CLOSE completed");
    }

    private async Task SearchAsync(SearchCommand c)
    {
        if (c.Charset is not null and not ("US-ASCII" or "UTF-8"))
        {
            Tagged(c.Tag, ImapStatus.No, ImapResponseCode.BadCharset, "Unsupported charset");
            return;
        }

        var sel = _conversation.Selected!;
        bool modSeqKey = ImapSearch.UsesModSeq(c.Criteria);
        if (modSeqKey) _conversation.CondStore = true;
        var search = new ImapSearch(sel, _conversation.Saved, SummaryAsync, blob => Services.Blobs.OpenRead(blob));
        var matches = new List<uint>();
        ulong highest = 0;
        await _mailbox.ForEntriesAsync(sel, sel.Uids.ToArray(), async m =>
        {
            int msn = sel.Msn(m.Uid);
            if (msn > 0 && await search.MatchesAsync(c.Criteria, m, msn))
            {
                matches.Add(m.Uid);
                highest = Math.Max(highest, m.ModSeq);
            }

            return true;
        });

        var numbers = c.IsUid ? matches : matches.Select(u => (uint)sel.Msn(u)).ToList();
        if (c.Return is { } options)
        {
            if (options.HasFlag(SearchReturnOptions.Save)) _conversation.Saved = UidSet.FromUids(matches);
            var shown = options & ~SearchReturnOptions.Save;
            if (shown != SearchReturnOptions.None) _w.ESearch(c.Tag, c.IsUid, shown, UidSet.FromUids(numbers));
        }
        else
        {
            _w.Untagged().Raw("SEARCH");
            foreach (var n in numbers) _w.Space().Number(n);
            if (modSeqKey && numbers.Count > 0) _w.Raw(" (MODSEQ ").Number(highest).Raw(")");
            _w.EndLine();
        }

        Tagged(c.Tag, ImapStatus.Ok, null, "SEARCH completed");
    }

    private async Task<MessageSummary> SummaryAsync(BlobRef blob) =>
        await Outside(Services.Summaries.GetOrComputeAsync(blob, () => Services.Blobs.OpenRead(blob), CancellationToken.None).AsTask());
}
