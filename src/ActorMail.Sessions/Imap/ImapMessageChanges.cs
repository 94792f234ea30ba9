using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Storage.Blobs;
using ImapStoreMode = ActorMail.Protocols.Imap.Commands.StoreMode;
using MailboxStoreMode = ActorMail.Mailboxes.Store.StoreMode;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The IMAP commands that change messages: STORE, COPY, MOVE and EXPUNGE in the selected folder, APPEND to any.
/// </summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state and writer, <c>mailbox</c>
/// its queries of the account's mailbox entity, and <c>storeSpool</c> stores a received APPEND literal in the
/// blob store (with reading paused) and returns its reference.
/// </remarks>
internal sealed class ImapMessageChanges(ImapConversation conversation, ImapMailboxQueries mailbox, Func<AppendSpool, Task<BlobRef>> storeSpool)
{
    private ImapWriter W => conversation.W;

    public async Task ExpungeAsync(ExpungeCommand c)
    {
        var sel = conversation.Selected!;
        if (sel.ReadOnly)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.ReadOnly, "Mailbox is read-only");
            return;
        }

        UidSet? only = null;
        if (c.Uids is { } set)
        {
            var uids = set.IsSaved ? conversation.Saved.Intersect(sel.Uids) : set.Resolve(sel.MaxUid).Intersect(sel.Uids);
            if (uids.Length == 0)
            {
                conversation.Tagged(c.Tag, ImapStatus.Ok, null, "EXPUNGE completed");
                return;
            }

            only = UidSet.FromUids(uids);
        }

        var result = await mailbox.AskAsync(new ExpungeMessages(sel.Name, only));
        if (result is not Expunged expunged)
        {
            conversation.Complete(c.Tag, result, "EXPUNGE completed");
            return;
        }

        sel.Flush(W, allowExpunge: true, conversation.Qresync, conversation.CondStore);
        conversation.AnnounceOwnExpunge(sel, expunged.Uids, expunged.ModSeq);
        conversation.Tagged(c.Tag, ImapStatus.Ok, null, "EXPUNGE completed");
    }

    public async Task StoreAsync(StoreCommand c)
    {
        var sel = conversation.Selected!;
        if (sel.ReadOnly)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.ReadOnly, "Mailbox is read-only");
            return;
        }

        if (conversation.Resolve(c.Tag, c.Set, c.IsUid) is not { } uids) return;
        if (c.UnchangedSince is not null) conversation.CondStore = true;
        if (uids.Length == 0)
        {
            conversation.Tagged(c.Tag, ImapStatus.Ok, null, "STORE completed");
            return;
        }

        var mode = c.Mode switch
        {
            ImapStoreMode.Add => MailboxStoreMode.Add,
            ImapStoreMode.Remove => MailboxStoreMode.Remove,
            _ => MailboxStoreMode.Replace,
        };
        var result = await mailbox.AskAsync(new StoreFlags(sel.Name, UidSet.FromUids(uids), mode, c.Flags.System, c.Flags.Keywords, c.UnchangedSince));
        if (result is not FlagsStored stored)
        {
            conversation.Complete(c.Tag, result, "STORE completed");
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
                await mailbox.ForEntriesAsync(sel, unreported, m =>
                {
                    reported.Add(new FlagChange(m.Uid, m.Flags, m.Keywords, m.ModSeq));
                    return Task.FromResult(true);
                });
            }

            foreach (var change in reported.OrderBy(x => x.Uid))
            {
                int msn = sel.Msn(change.Uid);
                if (msn == 0) continue;
                W.Untagged().Number((ulong)msn).Raw(" FETCH (");
                // RFC 7162 §3.2.4: once QRESYNC is enabled, STORE's untagged FETCH carries UID as UID STORE's does.
                if (c.IsUid || conversation.Qresync) W.Raw("UID ").Number(change.Uid).Space();
                if (!c.Silent) W.Raw("FLAGS ").Flags(change.Flags, change.Keywords, sel.IsRecent(change.Uid)).Raw(conversation.CondStore ? " " : "");
                if (conversation.CondStore) W.Raw("MODSEQ (").Number(change.ModSeq).Raw(")");
                W.Raw(")").EndLine();
            }
        }

        string? code = null;
        if (!stored.Failed.IsEmpty)
        {
            var failed = c.IsUid ? stored.Failed : UidSet.FromUids(stored.Failed.Intersect(sel.Uids).Select(u => (uint)sel.Msn(u)));
            code = ImapResponseCode.Modified(failed);
        }

        conversation.Tagged(c.Tag, ImapStatus.Ok, code, code is null ? "STORE completed" : "Conditional STORE failed");
    }

    public async Task CopyAsync(string tag, bool isUid, ImapSequenceSet set, string target, bool move)
    {
        var sel = conversation.Selected!;
        if (move && sel.ReadOnly)
        {
            conversation.Tagged(tag, ImapStatus.No, ImapResponseCode.ReadOnly, "Mailbox is read-only");
            return;
        }

        if (conversation.Resolve(tag, set, isUid) is not { } uids) return;
        if (uids.Length == 0)
        {
            conversation.Tagged(tag, ImapStatus.Ok, null, move ? "MOVE completed" : "COPY completed");
            return;
        }

        var source = UidSet.FromUids(uids);
        object result = move ? await mailbox.AskAsync(new MoveMessages(sel.Name, source, target)) : await mailbox.AskAsync(new CopyMessages(sel.Name, source, target));
        switch (result)
        {
            case Copied copied:
                if (target == sel.Name) await mailbox.CatchUpAsync(sel);
                conversation.Tagged(tag, ImapStatus.Ok, ImapResponseCode.CopyUid(copied.TargetUidValidity, copied.SourceUids, copied.TargetUids), "COPY completed");
                break;
            case Moved moved:
                W.Status(null, ImapStatus.Ok, ImapResponseCode.CopyUid(moved.TargetUidValidity, moved.SourceUids, moved.TargetUids), "Moved");
                sel.Flush(W, allowExpunge: true, conversation.Qresync, conversation.CondStore);
                conversation.AnnounceOwnExpunge(sel, ExpandUids(moved.SourceUids), moved.ExpungeModSeq);
                conversation.Tagged(tag, ImapStatus.Ok, null, "MOVE completed");
                break;
            default:
                conversation.Complete(tag, result, "Completed", tryCreate: true);
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

    public async Task AppendAsync(AppendCommand c)
    {
        var uids = new List<uint>();
        uint uidValidity = 0;
        foreach (var message in c.Messages)
        {
            if (message.Literal.Sink is not AppendSpool { IsComplete: true } spool)
            {
                conversation.Tagged(c.Tag, ImapStatus.No, null, "Message data was not received");
                return;
            }

            var blob = await storeSpool(spool);
            var result = await mailbox.AskAsync(new Mailboxes.Store.AppendMessage(c.Mailbox, blob, blob.Length, message.Flags.System, message.Flags.Keywords, message.InternalDate));
            if (result is not Appended appended)
            {
                conversation.Complete(c.Tag, result, "APPEND completed", tryCreate: true);
                return;
            }

            uidValidity = appended.UidValidity;
            uids.Add(appended.Uid);
        }

        // Appended to the selected folder: announced with this command (the mailbox's own notices are then repeats).
        if (conversation.Selected is { } sel && sel.Name == c.Mailbox && conversation.State == ImapState.Selected) await mailbox.CatchUpAsync(sel);

        conversation.Tagged(c.Tag, ImapStatus.Ok, ImapResponseCode.AppendUid(uidValidity, UidSet.FromUids(uids)), "APPEND completed");
    }
}
