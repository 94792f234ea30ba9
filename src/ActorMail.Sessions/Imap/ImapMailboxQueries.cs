using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// Reads the account's mailbox entity for an IMAP session, paging through its answers: folders, UID lists,
/// message entries and changes since a modseq.
/// </summary>
/// <remarks>
/// <c>ask</c> is the session's ask of the mailbox entity (its answer is the command's result or a
/// failure); the queries run on the session's thread.
/// </remarks>
internal sealed class ImapMailboxQueries(Func<object, Task<object>> ask)
{
    /// <summary>Asks the account's mailbox entity.</summary>
    public Task<object> AskAsync(object message) => ask(message);

    public async Task<FolderList> FoldersAsync() =>
        await AskAsync(new ListFoldersQuery()) as FolderList ?? throw new InvalidOperationException("unexpected answer to a folder list query");

    public async Task<List<uint>> LoadUidsAsync(string folder, uint from = 1)
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

    /// <summary>Adds every message that arrived in the selected folder since the last one known, in UID order.</summary>
    public async Task CatchUpAsync(SelectedMailbox sel)
    {
        if (sel.MaxKnownUid == uint.MaxValue) return;
        sel.Added(await LoadUidsAsync(sel.Name, sel.MaxKnownUid + 1));
    }

    /// <summary>Visits the entries of the selected folder's known messages changed above <paramref name="modSeq"/>.</summary>
    public async Task ForChangedAsync(SelectedMailbox sel, ulong modSeq, UidSet? only, Func<MessageEntry, Task> each)
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

    public async Task<int> FirstUnseenAsync(SelectedMailbox sel)
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
    public async Task ForEntriesAsync(SelectedMailbox sel, IReadOnlyList<uint> uids, Func<MessageEntry, Task<bool>> each)
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
}
