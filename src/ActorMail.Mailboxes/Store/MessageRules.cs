using ActorMail.Core;
using E = ActorMail.Mailboxes.Store.Events;
using static ActorMail.Mailboxes.Store.MailboxLogic;

namespace ActorMail.Mailboxes.Store;

/// <summary>Decisions that add messages: delivery, APPEND, COPY, MOVE; and \Recent claiming.</summary>
internal static class MessageRules
{
    public static MailboxDecision Deliver(MailboxState state, DeliverMessage c)
    {
        bool remember = !string.IsNullOrEmpty(c.DeliveryId);
        if (remember && state.WasDelivered(c.DeliveryId)) return Ok(new DuplicateDelivery());
        var folder = state.FindFolder(c.Folder);
        if (folder is null || folder.NoSelect) folder = state.FindFolder(MailboxState.Inbox)!;
        uint uid = folder.UidNext;
        var e = new E.MessageAdded(folder.Id, uid, c.Blob, c.Size, MessageFlags.None, [], c.InternalDate,
            folder.HighestModSeq + 1, remember ? c.DeliveryId : null);
        return Ok(new Delivered(folder.UidValidity, uid), e);
    }

    public static MailboxDecision Append(MailboxState state, AppendMessage c, DateTimeOffset now)
    {
        if (Selectable(state, c.Folder, out var folder) is { } failure) return failure;
        var error = KeywordRules.Canonicalize(folder, c.Keywords, new HashSet<string>(StringComparer.OrdinalIgnoreCase), out var keywords);
        if (error is { } code) return Fail(code, KeywordText(code));
        uint uid = folder.UidNext;
        var e = new E.MessageAdded(folder.Id, uid, c.Blob, c.Size, c.Flags, keywords, c.InternalDate ?? now,
            folder.HighestModSeq + 1, DeliveryId: null);
        return Ok(new Appended(folder.UidValidity, uid), e);
    }

    public static MailboxDecision Copy(MailboxState state, string from, UidSet uids, string to, bool move)
    {
        if (Selectable(state, from, out var source) is { } failure) return failure;
        if (Selectable(state, to, out var target) is { } targetFailure) return targetFailure;

        var sourceUids = new List<uint>();
        var newKeywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seenSets = new HashSet<string[]>(ReferenceEqualityComparer.Instance);
        foreach (int i in source.IndexesIn(uids))
        {
            var m = source.MessageList[i];
            sourceUids.Add(m.Uid);
            if (m.Keywords.Length == 0 || !seenSets.Add(m.Keywords)) continue;
            foreach (var k in m.Keywords)
                if (!target.KeywordTable.ContainsKey(k)) newKeywords.Add(k);
        }
        if (target.KeywordTable.Count + newKeywords.Count > KeywordRules.MaxPerFolder)
            return Fail(MailboxError.TooManyKeywords, KeywordText(MailboxError.TooManyKeywords));

        if (sourceUids.Count == 0)
        {
            return move
                ? Ok(new Moved(target.UidValidity, UidSet.Empty, UidSet.Empty, source.HighestModSeq))
                : Ok(new Copied(target.UidValidity, UidSet.Empty, UidSet.Empty));
        }

        var sourceSet = UidSet.FromUids(sourceUids);
        uint first = target.UidNext;
        var targetSet = UidSet.FromRange(first, first + (uint)(sourceUids.Count - 1));
        ulong copyModSeq = target.HighestModSeq + 1;
        var copied = new E.MessagesCopied(source.Id, sourceSet, target.Id, first, copyModSeq);
        if (!move) return Ok(new Copied(target.UidValidity, sourceSet, targetSet), copied);

        ulong expungeModSeq = (source == target ? copyModSeq : source.HighestModSeq) + 1;
        var expunged = new E.MessagesExpunged(source.Id, expungeModSeq, sourceSet);
        return Ok(new Moved(target.UidValidity, sourceSet, targetSet, expungeModSeq), copied, expunged);
    }

    public static MailboxDecision ClaimRecent(MailboxState state, ClaimRecent c)
    {
        if (Selectable(state, c.Folder, out var folder) is { } failure) return failure;
        var result = new RecentClaimed(folder.RecentFrom);
        return folder.RecentFrom == folder.UidNext
            ? Ok(result)
            : Ok(result, new E.RecentClaimed(folder.Id, folder.UidNext));
    }

    internal static string KeywordText(MailboxError code) =>
        code == MailboxError.TooManyKeywords ? "Too many keywords in this folder" : "Invalid keyword";
}
