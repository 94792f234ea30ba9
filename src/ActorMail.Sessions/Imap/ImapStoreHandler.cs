using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ImapStoreMode = ActorMail.Protocols.Imap.Commands.StoreMode;
using MailboxStoreMode = ActorMail.Mailboxes.Store.StoreMode;

namespace ActorMail.Sessions.Imap;

/// <summary>STORE and UID STORE in the selected folder, with UNCHANGEDSINCE (RFC 7162 §3.1.3).</summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state and writer, <c>mailbox</c>
/// its queries of the account's mailbox entity.
/// </remarks>
internal sealed class ImapStoreHandler(ImapConversation conversation, ImapMailboxQueries mailbox)
{
    private ImapWriter W => conversation.W;

    public async Task StoreAsync(StoreCommand c)
    {
        var sel = conversation.Selected!;
        if (conversation.RefusedAsReadOnly(c.Tag)) return;

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
}
