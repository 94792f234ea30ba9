using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;

namespace ActorMail.Sessions.Imap;

/// <summary>COPY and MOVE (and their UID forms) from the selected folder, answered with COPYUID (RFC 4315, RFC 6851).</summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state and writer, <c>mailbox</c>
/// its queries of the account's mailbox entity.
/// </remarks>
internal sealed class ImapCopyHandler(ImapConversation conversation, ImapMailboxQueries mailbox)
{
    private ImapWriter W => conversation.W;

    public async Task CopyAsync(string tag, bool isUid, ImapSequenceSet set, string target, bool move)
    {
        var sel = conversation.Selected!;
        if (move && conversation.RefusedAsReadOnly(tag)) return;

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
}
