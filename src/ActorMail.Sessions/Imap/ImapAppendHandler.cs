using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;

namespace ActorMail.Sessions.Imap;

/// <summary>APPEND to any folder, answered with APPENDUID (RFC 4315).</summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state and writer, <c>mailbox</c>
/// its queries of the account's mailbox entity, and <c>storeSpool</c> stores a received APPEND literal in the
/// blob store (with reading paused) and returns its reference.
/// </remarks>
internal sealed class ImapAppendHandler(ImapConversation conversation, ImapMailboxQueries mailbox, Func<AppendSpool, Task<BlobRef>> storeSpool)
{
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
