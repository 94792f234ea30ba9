using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The selected folder's life: SELECT and EXAMINE (with QRESYNC), CLOSE, and the check before each
/// selected-state command that follows a rename of the folder and notices its deletion.
/// </summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state and writer, <c>mailbox</c>
/// its queries of the account's mailbox entity.
/// </remarks>
internal sealed class ImapSelection(ImapConversation conversation, ImapMailboxQueries mailbox)
{
    private const string SystemFlags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    private ImapWriter W => conversation.W;

    /// <summary>Before a command in the selected state: follows a rename of the folder, notices its deletion.</summary>
    public async Task<bool> SelectionUsableAsync(ImapCommand command)
    {
        if (conversation.Selected is not { } sel) return true;
        if (sel.NameStale && !sel.Gone)
        {
            sel.NameStale = false;
            var folder = (await mailbox.FoldersAsync()).Folders.FirstOrDefault(f => f.Id == sel.FolderId);
            if (folder is null || folder.NoSelect) sel.Gone = true;
            else sel.Name = folder.Name;
        }

        if (!sel.Gone || !ImapCommandTable.For(command).IsAllowedIn(ImapState.Selected) || ImapCommandTable.For(command).IsAllowedIn(ImapState.Authenticated))
        {
            return true;
        }

        conversation.Deselect();
        W.Status(command.Tag, ImapStatus.No, ImapResponseCode.Nonexistent, "The selected mailbox no longer exists");
        return false;
    }

    public async Task SelectAsync(SelectCommand c)
    {
        conversation.Saved = UidSet.Empty;
        if (conversation.Selected is not null)
        {
            conversation.Deselect();
            if (conversation.Qresync) W.Status(null, ImapStatus.Ok, ImapResponseCode.Closed, "Previous mailbox closed");
        }

        if (c.Qresync is not null && !conversation.Qresync)
        {
            conversation.Tagged(c.Tag, ImapStatus.Bad, null, "QRESYNC is not enabled");
            return;
        }

        if (c.Qresync is { KnownSequenceSet: { } knownSeqs, KnownUidSet: { } knownUids }
            && (knownSeqs.IsSaved || knownUids.IsSaved
                || !QresyncMatch.IsValid(knownSeqs.Text, knownUids.Text, knownSeqs.Resolve(uint.MaxValue), knownUids.Resolve(uint.MaxValue))))
        {
            conversation.Tagged(c.Tag, ImapStatus.Bad, null, "Invalid QRESYNC sequence match data");
            return;
        }

        if (c.CondStore || c.Qresync is not null) conversation.CondStore = true;
        var folder = (await mailbox.FoldersAsync()).Folders.FirstOrDefault(f => f.Name == c.Mailbox);
        if (folder is null || folder.NoSelect)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, folder is null ? ImapResponseCode.Nonexistent : ImapResponseCode.Cannot,
                folder is null ? "No such mailbox" : "Mailbox cannot be selected");
            return;
        }

        uint recentFrom = uint.MaxValue;
        if (!c.ReadOnly && await mailbox.AskAsync(new ClaimRecent(folder.Name)) is RecentClaimed claimed)
        {
            recentFrom = claimed.FirstRecentUid;
        }

        if (await mailbox.AskAsync(new FolderStatusQuery(folder.Name)) is not FolderStatus status)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.Nonexistent, "No such mailbox");
            return;
        }

        var uids = await mailbox.LoadUidsAsync(folder.Name);
        if (c.ReadOnly && status.Recent > 0 && status.Recent <= uids.Count) recentFrom = uids[^status.Recent];
        var keywords = await mailbox.AskAsync(new FolderKeywordsQuery(folder.Name)) as FolderKeywords;
        var sel = new SelectedMailbox(folder.Name, folder.Id, c.ReadOnly, status.UidValidity, uids, recentFrom, status.HighestModSeq);

        var kw = keywords is null || keywords.Keywords.Count == 0 ? "" : " " + string.Join(' ', keywords.Keywords);
        W.Untagged().Raw("FLAGS (").Raw(SystemFlags).Raw(kw).Raw(")").EndLine();
        W.Status(null, ImapStatus.Ok, c.ReadOnly ? "PERMANENTFLAGS ()" : "PERMANENTFLAGS (" + SystemFlags + kw + " \\*)", "Flags permitted");
        W.Untagged().Number((ulong)uids.Count).Raw(" EXISTS").EndLine();
        W.Untagged().Number((ulong)sel.RecentCount).Raw(" RECENT").EndLine();
        if (status.Unseen > 0 && await mailbox.FirstUnseenAsync(sel) is > 0 and var unseen)
        {
            W.Status(null, ImapStatus.Ok, ImapResponseCode.Unseen((uint)unseen), "First unseen");
        }

        W.Status(null, ImapStatus.Ok, ImapResponseCode.UidValidity(status.UidValidity), "UIDs valid");
        W.Status(null, ImapStatus.Ok, ImapResponseCode.UidNext(status.UidNext), "Predicted next UID");
        W.Status(null, ImapStatus.Ok, ImapResponseCode.HighestModSeq(status.HighestModSeq), "Highest");

        conversation.Selected = sel;
        conversation.State = ImapState.Selected;
        if (c.Qresync is { } q && q.UidValidity == status.UidValidity)
        {
            await ResyncAsync(sel, q);
        }

        conversation.Tagged(c.Tag, ImapStatus.Ok, c.ReadOnly ? ImapResponseCode.ReadOnly : ImapResponseCode.ReadWrite,
            c.ReadOnly ? "EXAMINE completed" : "SELECT completed");
    }

    /// <summary>
    /// QRESYNC (RFC 7162 §3.2.5): VANISHED (EARLIER) for what the client may still hold (within its known UIDs,
    /// and above the last UID its sequence match data confirms, §3.2.5.2), then the changed messages' flags.
    /// </summary>
    private async Task ResyncAsync(SelectedMailbox sel, QresyncParameters q)
    {
        if (await mailbox.AskAsync(new ExpungedSinceQuery(sel.Name, q.ModSeq)) is UidSet vanished)
        {
            if (q.KnownUids is { IsSaved: false } known) vanished = vanished.Intersect(known.Resolve(uint.MaxValue));
            if (q is { KnownSequenceSet: { } seqs, KnownUidSet: { } uids })
            {
                uint confirmed = QresyncMatch.LastMatchedUid(sel.Uids, seqs.Resolve(uint.MaxValue), uids.Resolve(uint.MaxValue));
                if (confirmed == uint.MaxValue) vanished = UidSet.Empty;
                else if (confirmed > 0) vanished = vanished.Intersect(UidSet.FromRange(confirmed + 1, uint.MaxValue));
            }

            W.Vanished(vanished, earlier: true);
        }

        await mailbox.ForChangedAsync(sel, q.ModSeq, null, m =>
        {
            WriteFlagsFetch(sel, m, includeUid: true);
            return Task.CompletedTask;
        });
    }

    private void WriteFlagsFetch(SelectedMailbox sel, MessageEntry m, bool includeUid)
    {
        W.Untagged().Number((ulong)sel.Msn(m.Uid)).Raw(" FETCH (");
        if (includeUid) W.Raw("UID ").Number(m.Uid).Space();
        W.Raw("FLAGS ").Flags(m.Flags, m.Keywords, sel.IsRecent(m.Uid));
        if (conversation.CondStore) W.Raw(" MODSEQ (").Number(m.ModSeq).Raw(")");
        W.Raw(")").EndLine();
    }

    public async Task CloseMailboxAsync(CloseCommand c)
    {
        var sel = conversation.Selected!;
        if (!sel.ReadOnly) await mailbox.AskAsync(new ExpungeMessages(sel.Name));
        conversation.Deselect();
        W.Status(c.Tag, ImapStatus.Ok, null, "CLOSE completed");
    }
}
