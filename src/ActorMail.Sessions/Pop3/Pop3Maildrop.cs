using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Pop3;
using Akka.Actor;

namespace ActorMail.Sessions.Pop3;

/// <summary>
/// A POP3 session's snapshot of INBOX: the numbered view and the blob of each message
/// (<see cref="Blobs"/>[n-1] is message n).
/// </summary>
public sealed record Pop3Maildrop(MaildropView View, IReadOnlyList<BlobRef> Blobs)
{
    /// <summary>
    /// Takes the snapshot: UIDVALIDITY and UIDNEXT from a status query, then the messages below
    /// UIDNEXT page by page. A mailbox without INBOX yet is an empty maildrop.
    /// </summary>
    /// <exception cref="InvalidOperationException">The mailbox answered something unexpected.</exception>
    public static async Task<Pop3Maildrop> LoadAsync(IActorRef mailboxes, string account, TimeSpan timeout)
    {
        var status = await mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, new FolderStatusQuery(MailboxState.Inbox)), timeout);
        if (status.Result is MailboxDecision.Failure { Code: MailboxError.NoSuchFolder })
        {
            return new Pop3Maildrop(new MaildropView(0, []), []);
        }

        if (status.Result is not FolderStatus folder)
        {
            throw new InvalidOperationException("unexpected answer to a status query: " + status.Result);
        }

        var entries = new List<MaildropEntry>(folder.Messages);
        var blobs = new List<BlobRef>(folder.Messages);
        uint next = 1;
        uint last = folder.UidNext - 1;
        while (folder.UidNext > 1 && next <= last)
        {
            var response = await mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, new MessagePageQuery(MailboxState.Inbox, next, last)), timeout);
            if (response.Result is not MessagePage page)
            {
                throw new InvalidOperationException("unexpected answer to a page query: " + response.Result);
            }

            foreach (var m in page.Messages)
            {
                entries.Add(new MaildropEntry(m.Uid, m.Size));
                blobs.Add(m.Blob);
            }

            if (!page.MayHaveMore || page.Messages.Count == 0 || page.Messages[^1].Uid == uint.MaxValue)
            {
                break;
            }

            next = page.Messages[^1].Uid + 1;
        }

        return new Pop3Maildrop(new MaildropView(folder.UidValidity, entries), blobs);
    }

    /// <summary>
    /// UPDATE state: removes the messages marked deleted in one mailbox command, so either all of
    /// them go or none. True when nothing was marked or the mailbox confirmed the removal.
    /// </summary>
    public async Task<bool> ApplyDeletionsAsync(IActorRef mailboxes, string account, TimeSpan timeout)
    {
        if (!View.HasDeletions)
        {
            return true;
        }

        var uids = UidSet.FromUids(View.DeletedUids);
        var response = await mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, new RemoveMessages(MailboxState.Inbox, uids)), timeout);
        return response.Result is Expunged;
    }
}
