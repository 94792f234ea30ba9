using ActorMail.Core;
using E = ActorMail.Mailboxes.Store.Events;
using static ActorMail.Mailboxes.Store.MailboxLogic;

namespace ActorMail.Mailboxes.Store;

/// <summary>IMAP STORE with CONDSTORE (RFC 7162 §3.1.3).</summary>
internal static class FlagRules
{
    public static MailboxDecision Store(MailboxState state, StoreFlags c)
    {
        if (Selectable(state, c.Folder, out var folder) is { } failure) return failure;
        var newKeywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var error = KeywordRules.Canonicalize(folder, c.Keywords, newKeywords, out var keywords);
        // Removing a keyword never defines one, so the folder limit does not apply to it.
        if (error is { } code && !(code == MailboxError.TooManyKeywords && c.Mode == StoreMode.Remove))
            return Fail(code, MessageRules.KeywordText(code));

        ulong modSeq = folder.HighestModSeq + 1;
        var changes = new List<FlagChange>();
        var failed = new List<uint>();
        var memo = new Dictionary<string[], string[]>(ReferenceEqualityComparer.Instance);
        foreach (int i in folder.IndexesIn(c.Uids))
        {
            var m = folder.MessageList[i];
            if (c.UnchangedSince is { } since && m.ModSeq > since)
            {
                failed.Add(m.Uid);
                continue;
            }
            var flags = c.Mode switch
            {
                StoreMode.Add => m.Flags | c.Flags,
                StoreMode.Remove => m.Flags & ~c.Flags,
                _ => c.Flags,
            };
            if (!memo.TryGetValue(m.Keywords, out var newSet))
            {
                newSet = c.Mode switch
                {
                    StoreMode.Add => KeywordRules.Union(m.Keywords, keywords),
                    StoreMode.Remove => KeywordRules.Except(m.Keywords, keywords),
                    _ => keywords,
                };
                if (KeywordRules.SameSet(newSet, m.Keywords)) newSet = m.Keywords;
                memo[m.Keywords] = newSet;
            }
            if (flags == m.Flags && ReferenceEquals(newSet, m.Keywords)) continue;
            changes.Add(new FlagChange(m.Uid, flags, newSet, modSeq));
        }

        var result = new FlagsStored(changes, UidSet.FromUids(failed));
        return changes.Count == 0 ? Ok(result) : Ok(result, new E.FlagsChanged(folder.Id, modSeq, changes));
    }
}
