using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Protocols.Imap.Search;
using ActorMail.Storage.Summaries;
using ImapStoreMode = ActorMail.Protocols.Imap.Commands.StoreMode;
using MailboxStoreMode = ActorMail.Mailboxes.Store.StoreMode;

namespace ActorMail.Sessions.Imap;

// Selection and message commands: SELECT/EXAMINE, CLOSE, UNSELECT, APPEND, EXPUNGE, SEARCH, STORE, COPY, MOVE.
public sealed partial class ImapSession
{
    private const string SystemFlags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    /// <summary>Before a command in the selected state: follows a rename of the folder, notices its deletion.</summary>
    private async Task<bool> SelectionUsableAsync(ImapCommand command)
    {
        if (_selected is not { } sel) return true;
        if (sel.NameStale && !sel.Gone)
        {
            sel.NameStale = false;
            var folder = (await FoldersAsync()).Folders.FirstOrDefault(f => f.Id == sel.FolderId);
            if (folder is null || folder.NoSelect) sel.Gone = true;
            else sel.Name = folder.Name;
        }

        if (!sel.Gone || !ImapCommandTable.For(command).IsAllowedIn(ImapState.Selected) || ImapCommandTable.For(command).IsAllowedIn(ImapState.Authenticated))
        {
            return true;
        }

        Deselect();
        _w.Status(command.Tag, ImapStatus.No, ImapResponseCode.Nonexistent, "The selected mailbox no longer exists");
        return false;
    }

    private void Deselect()
    {
        _selected = null;
        _saved = UidSet.Empty;
        _state = ImapState.Authenticated;
    }

    private async Task SelectAsync(SelectCommand c)
    {
        _saved = UidSet.Empty;
        if (_selected is not null)
        {
            Deselect();
            if (_qresync) _w.Status(null, ImapStatus.Ok, ImapResponseCode.Closed, "Previous mailbox closed");
        }

        if (c.Qresync is not null && !_qresync)
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

        if (c.CondStore || c.Qresync is not null) _condStore = true;
        var folder = (await FoldersAsync()).Folders.FirstOrDefault(f => f.Name == c.Mailbox);
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

        var uids = await LoadUidsAsync(folder.Name);
        if (c.ReadOnly && status.Recent > 0 && status.Recent <= uids.Count) recentFrom = uids[^status.Recent];
        var keywords = await AskAsync(new FolderKeywordsQuery(folder.Name)) as FolderKeywords;
        var sel = new SelectedMailbox(folder.Name, folder.Id, c.ReadOnly, status.UidValidity, uids, recentFrom, status.HighestModSeq);

        var kw = keywords is null || keywords.Keywords.Count == 0 ? "" : " " + string.Join(' ', keywords.Keywords);
        _w.Untagged().Raw("FLAGS (").Raw(SystemFlags).Raw(kw).Raw(")").EndLine();
        _w.Status(null, ImapStatus.Ok, c.ReadOnly ? "PERMANENTFLAGS ()" : "PERMANENTFLAGS (" + SystemFlags + kw + " \\*)", "Flags permitted");
        _w.Untagged().Number((ulong)uids.Count).Raw(" EXISTS").EndLine();
        _w.Untagged().Number((ulong)sel.RecentCount).Raw(" RECENT").EndLine();
        if (status.Unseen > 0 && await FirstUnseenAsync(sel) is > 0 and var unseen)
        {
            _w.Status(null, ImapStatus.Ok, ImapResponseCode.Unseen((uint)unseen), "First unseen");
        }

        _w.Status(null, ImapStatus.Ok, ImapResponseCode.UidValidity(status.UidValidity), "UIDs valid");
        _w.Status(null, ImapStatus.Ok, ImapResponseCode.UidNext(status.UidNext), "Predicted next UID");
        _w.Status(null, ImapStatus.Ok, ImapResponseCode.HighestModSeq(status.HighestModSeq), "Highest");

        _selected = sel;
        _state = ImapState.Selected;
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

        await ForChangedAsync(sel, q.ModSeq, null, m =>
        {
            WriteFlagsFetch(sel, m, includeUid: true);
            return Task.CompletedTask;
        });
    }

    private async Task ForChangedAsync(SelectedMailbox sel, ulong modSeq, UidSet? only, Func<MessageEntry, Task> each)
    {
        uint from = 1;
        while (true)
        {
            if (await AskAsync(new ChangedSinceQuery(sel.Name, modSeq, from)) is not MessagePage page) return;
            foreach (var m in page.Messages)
            {
                if (sel.Msn(m.Uid) == 0 || (only is not null && !only.Contains(m.Uid))) continue;
                await each(m);
            }

            if (!page.MayHaveMore || page.Messages.Count == 0 || page.Messages[^1].Uid == uint.MaxValue) return;
            from = page.Messages[^1].Uid + 1;
        }
    }

    private void WriteFlagsFetch(SelectedMailbox sel, MessageEntry m, bool includeUid)
    {
        _w.Untagged().Number((ulong)sel.Msn(m.Uid)).Raw(" FETCH (");
        if (includeUid) _w.Raw("UID ").Number(m.Uid).Space();
        _w.Raw("FLAGS ").Flags(m.Flags, m.Keywords, sel.IsRecent(m.Uid));
        if (_condStore) _w.Raw(" MODSEQ (").Number(m.ModSeq).Raw(")");
        _w.Raw(")").EndLine();
    }

    /// <summary>Adds every message that arrived in the selected folder since the last one known, in UID order.</summary>
    private async Task CatchUpAsync(SelectedMailbox sel)
    {
        if (sel.MaxKnownUid == uint.MaxValue) return;
        sel.Added(await LoadUidsAsync(sel.Name, sel.MaxKnownUid + 1));
    }

    private async Task<List<uint>> LoadUidsAsync(string folder, uint from = 1)
    {
        var uids = new List<uint>();
        while (true)
        {
            if (await AskAsync(new UidListQuery(folder, from)) is not UidList page) break;
            uids.AddRange(page.Uids);
            if (!page.MayHaveMore || page.Uids.Length == 0 || page.Uids[^1] == uint.MaxValue) break;
            from = page.Uids[^1] + 1;
        }

        return uids;
    }

    private async Task<int> FirstUnseenAsync(SelectedMailbox sel)
    {
        int found = 0;
        await ForEntriesAsync(sel, sel.Uids, m =>
        {
            if (found == 0 && (m.Flags & MessageFlags.Seen) == 0) found = sel.Msn(m.Uid);
            return Task.FromResult(found == 0);
        });
        return found;
    }

    /// <summary>
    /// Visits the mailbox entries of <paramref name="uids"/> (ascending), page by page over the runs they form,
    /// until <paramref name="each"/> returns false.
    /// </summary>
    private async Task ForEntriesAsync(SelectedMailbox sel, IReadOnlyList<uint> uids, Func<MessageEntry, Task<bool>> each)
    {
        if (uids.Count == 0) return;
        var wanted = UidSet.FromUids(uids);
        foreach (var range in wanted.Ranges)
        {
            uint from = range.Start;
            while (from <= range.End)
            {
                if (await AskAsync(new MessagePageQuery(sel.Name, from, range.End)) is not MessagePage page) return;
                foreach (var m in page.Messages)
                {
                    if (!await each(m)) return;
                }

                if (!page.MayHaveMore || page.Messages.Count == 0 || page.Messages[^1].Uid >= range.End) break;
                from = page.Messages[^1].Uid + 1;
            }
        }
    }

    /// <summary>
    /// The UIDs (ascending) a sequence set names in the selected folder, or null after answering BAD
    /// (a message number beyond the mailbox).
    /// </summary>
    private uint[]? Resolve(string tag, ImapSequenceSet set, bool uid)
    {
        var sel = _selected!;
        if (set.IsSaved) return _saved.Intersect(sel.Uids);
        if (uid) return set.Resolve(sel.MaxUid).Intersect(sel.Uids);
        if (sel.Count == 0 && set.Text.Contains('*'))
        {
            return [];
        }

        var msns = set.Resolve((uint)sel.Count);
        if (msns.Max > sel.Count)
        {
            Tagged(tag, ImapStatus.Bad, null, "Invalid message sequence number");
            return null;
        }

        var result = new uint[msns.Count];
        int i = 0;
        foreach (var r in msns.Ranges)
        {
            for (long n = r.Start; n <= r.End; n++) result[i++] = sel.Uids[(int)n - 1];
        }

        return result;
    }

    private async Task CloseMailboxAsync(CloseCommand c)
    {
        var sel = _selected!;
        if (!sel.ReadOnly) await AskAsync(new ExpungeMessages(sel.Name));
        Deselect();
        _w.Status(c.Tag, ImapStatus.Ok, null, "CLOSE completed");
    }

    private async Task ExpungeAsync(ExpungeCommand c)
    {
        var sel = _selected!;
        if (sel.ReadOnly)
        {
            Tagged(c.Tag, ImapStatus.No, ImapResponseCode.ReadOnly, "Mailbox is read-only");
            return;
        }

        UidSet? only = null;
        if (c.Uids is { } set)
        {
            var uids = set.IsSaved ? _saved.Intersect(sel.Uids) : set.Resolve(sel.MaxUid).Intersect(sel.Uids);
            if (uids.Length == 0)
            {
                Tagged(c.Tag, ImapStatus.Ok, null, "EXPUNGE completed");
                return;
            }

            only = UidSet.FromUids(uids);
        }

        var result = await AskAsync(new ExpungeMessages(sel.Name, only));
        if (result is not Expunged expunged)
        {
            Complete(c.Tag, result, "EXPUNGE completed");
            return;
        }

        sel.Flush(_w, allowExpunge: true, _qresync, _condStore);
        AnnounceOwnExpunge(sel, expunged.Uids, expunged.ModSeq);
        Tagged(c.Tag, ImapStatus.Ok, null, "EXPUNGE completed");
    }

    private void AnnounceOwnExpunge(SelectedMailbox sel, IReadOnlyList<uint> uids, ulong modSeq)
    {
        sel.RaiseModSeq(modSeq);
        var msns = sel.RemoveOwn(uids);
        if (_qresync)
        {
            _w.Vanished(UidSet.FromUids(uids), earlier: false);
            return;
        }

        foreach (var msn in msns) _w.Untagged().Number((ulong)msn).Raw(" EXPUNGE").EndLine();
    }

    private async Task StoreAsync(StoreCommand c)
    {
        var sel = _selected!;
        if (sel.ReadOnly)
        {
            Tagged(c.Tag, ImapStatus.No, ImapResponseCode.ReadOnly, "Mailbox is read-only");
            return;
        }

        if (Resolve(c.Tag, c.Set, c.IsUid) is not { } uids) return;
        if (c.UnchangedSince is not null) _condStore = true;
        if (uids.Length == 0)
        {
            Tagged(c.Tag, ImapStatus.Ok, null, "STORE completed");
            return;
        }

        var mode = c.Mode switch
        {
            ImapStoreMode.Add => MailboxStoreMode.Add,
            ImapStoreMode.Remove => MailboxStoreMode.Remove,
            _ => MailboxStoreMode.Replace,
        };
        var result = await AskAsync(new StoreFlags(sel.Name, UidSet.FromUids(uids), mode, c.Flags.System, c.Flags.Keywords, c.UnchangedSince));
        if (result is not FlagsStored stored)
        {
            Complete(c.Tag, result, "STORE completed");
            return;
        }

        var reported = new List<FlagChange>(stored.Changed.Count);
        foreach (var change in stored.Changed)
        {
            sel.MarkOwn(change.ModSeq);
            sel.RaiseModSeq(change.ModSeq);
            reported.Add(change);
        }

        // RFC 7162 §3.1.3: every message that passed UNCHANGEDSINCE gets an untagged FETCH with its MODSEQ,
        // even with .SILENT (which then leaves FLAGS out); messages whose flags already had the requested
        // value passed too. Messages that failed get none here (the MODIFIED code names them; changes made
        // by others are announced before the tagged response). A plain .SILENT STORE answers nothing.
        if (!c.Silent || c.UnchangedSince is not null)
        {
            var changed = stored.Changed.Select(x => x.Uid).ToHashSet();
            var unreported = uids.Where(u => !changed.Contains(u) && !stored.Failed.Contains(u)).ToArray();
            if (unreported.Length > 0)
            {
                await ForEntriesAsync(sel, unreported, m =>
                {
                    reported.Add(new FlagChange(m.Uid, m.Flags, m.Keywords, m.ModSeq));
                    return Task.FromResult(true);
                });
            }

            foreach (var change in reported.OrderBy(x => x.Uid))
            {
                int msn = sel.Msn(change.Uid);
                if (msn == 0) continue;
                _w.Untagged().Number((ulong)msn).Raw(" FETCH (");
                // RFC 7162 §3.2.4: once QRESYNC is enabled, STORE's untagged FETCH carries UID as UID STORE's does.
                if (c.IsUid || _qresync) _w.Raw("UID ").Number(change.Uid).Space();
                if (!c.Silent) _w.Raw("FLAGS ").Flags(change.Flags, change.Keywords, sel.IsRecent(change.Uid)).Raw(_condStore ? " " : "");
                if (_condStore) _w.Raw("MODSEQ (").Number(change.ModSeq).Raw(")");
                _w.Raw(")").EndLine();
            }
        }

        string? code = null;
        if (!stored.Failed.IsEmpty)
        {
            var failed = c.IsUid ? stored.Failed : UidSet.FromUids(stored.Failed.Intersect(sel.Uids).Select(u => (uint)sel.Msn(u)));
            code = ImapResponseCode.Modified(failed);
        }

        Tagged(c.Tag, ImapStatus.Ok, code, code is null ? "STORE completed" : "Conditional STORE failed");
    }

    private async Task CopyAsync(string tag, bool isUid, ImapSequenceSet set, string target, bool move)
    {
        var sel = _selected!;
        if (move && sel.ReadOnly)
        {
            Tagged(tag, ImapStatus.No, ImapResponseCode.ReadOnly, "Mailbox is read-only");
            return;
        }

        if (Resolve(tag, set, isUid) is not { } uids) return;
        if (uids.Length == 0)
        {
            Tagged(tag, ImapStatus.Ok, null, move ? "MOVE completed" : "COPY completed");
            return;
        }

        var source = UidSet.FromUids(uids);
        object result = move ? await AskAsync(new MoveMessages(sel.Name, source, target)) : await AskAsync(new CopyMessages(sel.Name, source, target));
        switch (result)
        {
            case Copied copied:
                if (target == sel.Name) await CatchUpAsync(sel);
                Tagged(tag, ImapStatus.Ok, ImapResponseCode.CopyUid(copied.TargetUidValidity, copied.SourceUids, copied.TargetUids), "COPY completed");
                break;
            case Moved moved:
                _w.Status(null, ImapStatus.Ok, ImapResponseCode.CopyUid(moved.TargetUidValidity, moved.SourceUids, moved.TargetUids), "Moved");
                sel.Flush(_w, allowExpunge: true, _qresync, _condStore);
                AnnounceOwnExpunge(sel, ExpandUids(moved.SourceUids), moved.ExpungeModSeq);
                Tagged(tag, ImapStatus.Ok, null, "MOVE completed");
                break;
            default:
                Complete(tag, result, "Completed", tryCreate: true);
                break;
        }
    }

    private static List<uint> ExpandUids(UidSet set)
    {
        var list = new List<uint>((int)Math.Min(set.Count, 1_000_000));
        foreach (var r in set.Ranges)
        {
            for (long u = r.Start; u <= r.End; u++) list.Add((uint)u);
        }

        return list;
    }

    private async Task SearchAsync(SearchCommand c)
    {
        if (c.Charset is not null and not ("US-ASCII" or "UTF-8"))
        {
            Tagged(c.Tag, ImapStatus.No, ImapResponseCode.BadCharset, "Unsupported charset");
            return;
        }

        var sel = _selected!;
        bool modSeqKey = ImapSearch.UsesModSeq(c.Criteria);
        if (modSeqKey) _condStore = true;
        var search = new ImapSearch(sel, _saved, SummaryAsync, blob => Services.Blobs.OpenRead(blob));
        var matches = new List<uint>();
        ulong highest = 0;
        await ForEntriesAsync(sel, sel.Uids.ToArray(), async m =>
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
            if (options.HasFlag(SearchReturnOptions.Save)) _saved = UidSet.FromUids(matches);
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

    private async Task AppendAsync(AppendCommand c)
    {
        var uids = new List<uint>();
        uint uidValidity = 0;
        foreach (var message in c.Messages)
        {
            if (message.Literal.Sink is not AppendSpool { IsComplete: true } spool)
            {
                Tagged(c.Tag, ImapStatus.No, null, "Message data was not received");
                return;
            }

            var blob = await Outside(spool.StoreAsync(Services.Blobs, Services.Summaries));
            var result = await AskAsync(new Mailboxes.Store.AppendMessage(c.Mailbox, blob, blob.Length, message.Flags.System, message.Flags.Keywords, message.InternalDate));
            if (result is not Appended appended)
            {
                Complete(c.Tag, result, "APPEND completed", tryCreate: true);
                return;
            }

            uidValidity = appended.UidValidity;
            uids.Add(appended.Uid);
        }

        // Appended to the selected folder: announced with this command (the mailbox's own notices are then repeats).
        if (_selected is { } sel && sel.Name == c.Mailbox && _state == ImapState.Selected) await CatchUpAsync(sel);

        Tagged(c.Tag, ImapStatus.Ok, ImapResponseCode.AppendUid(uidValidity, UidSet.FromUids(uids)), "APPEND completed");
    }
}
