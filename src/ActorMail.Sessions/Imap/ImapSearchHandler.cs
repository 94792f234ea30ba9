using ActorMail.Core;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Protocols.Imap.Search;
using ActorMail.Storage.Summaries;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// SEARCH and UID SEARCH in the selected folder (with RETURN and SAVE, RFC 4731 and RFC 5182).
/// </summary>
/// <remarks>
/// Runs on the session's thread: the keys are evaluated by <see cref="ImapSearch"/> over the mailbox entries,
/// <c>summaryOf</c> gives the message summary of a stored body and <c>open</c> opens it in the blob store.
/// </remarks>
internal sealed class ImapSearchHandler(
    ImapConversation conversation,
    ImapMailboxQueries mailbox,
    Func<BlobRef, Task<MessageSummary>> summaryOf,
    Func<BlobRef, Stream> open)
{
    private ImapWriter W => conversation.W;

    public async Task SearchAsync(SearchCommand c)
    {
        if (c.Charset is not null and not ("US-ASCII" or "UTF-8"))
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.BadCharset, "Unsupported charset");
            return;
        }

        var sel = conversation.Selected!;
        bool modSeqKey = ImapSearch.UsesModSeq(c.Criteria);
        if (modSeqKey) conversation.CondStore = true;
        var search = new ImapSearch(sel, conversation.Saved, summaryOf, open);
        var matches = new List<uint>();
        ulong highest = 0;
        await mailbox.ForEntriesAsync(sel, sel.Uids.ToArray(), async m =>
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
            if (options.HasFlag(SearchReturnOptions.Save)) conversation.Saved = UidSet.FromUids(matches);
            var shown = options & ~SearchReturnOptions.Save;
            if (shown != SearchReturnOptions.None) W.ESearch(c.Tag, c.IsUid, shown, UidSet.FromUids(numbers));
        }
        else
        {
            W.Untagged().Raw("SEARCH");
            foreach (var n in numbers) W.Space().Number(n);
            if (modSeqKey && numbers.Count > 0) W.Raw(" (MODSEQ ").Number(highest).Raw(")");
            W.EndLine();
        }

        conversation.Tagged(c.Tag, ImapStatus.Ok, null, "SEARCH completed");
    }
}
