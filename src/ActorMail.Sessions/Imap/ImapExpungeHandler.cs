using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;

namespace ActorMail.Sessions.Imap;

/// <summary>EXPUNGE and UID EXPUNGE in the selected folder (RFC 9051 §6.4.3, RFC 4315).</summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state and writer, <c>mailbox</c>
/// its queries of the account's mailbox entity.
/// </remarks>
internal sealed class ImapExpungeHandler(ImapConversation conversation, ImapMailboxQueries mailbox)
{
    private ImapWriter W => conversation.W;

    public async Task ExpungeAsync(ExpungeCommand c)
    {
        var sel = conversation.Selected!;
        if (conversation.RefusedAsReadOnly(c.Tag)) return;

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
}
