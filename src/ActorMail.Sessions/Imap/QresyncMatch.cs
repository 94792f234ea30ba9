using ActorMail.Core;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The sequence match data of SELECT/EXAMINE (QRESYNC ...) (RFC 7162 §3.2.5.2): pairs of message numbers and
/// the UIDs the client believes they have, each set in ascending order and the Nth number paired with the
/// Nth UID. Pure code.
/// </summary>
internal static class QresyncMatch
{
    /// <summary>Whether the two sets are usable together: no '*' (nor '$') and as many message numbers as UIDs.</summary>
    public static bool IsValid(string knownSequenceSet, string knownUidSet, UidSet sequences, UidSet uids) =>
        knownSequenceSet.IndexOfAny(['*', '$']) < 0 && knownUidSet.IndexOfAny(['*', '$']) < 0 && sequences.Count == uids.Count;

    /// <summary>
    /// The UID of the last pair that matches the mailbox before the first pair that does not (0 when the first
    /// pair already differs). A matching pair tells that the client knows every expunge up to and including
    /// that message, so VANISHED (EARLIER) only needs the UIDs above it; past the first mismatch nothing can
    /// be concluded any more, so later pairs are not looked at.
    /// </summary>
    /// <param name="current">The UIDs of the mailbox, ascending (message n has <c>current[n-1]</c>).</param>
    public static uint LastMatchedUid(IReadOnlyList<uint> current, UidSet sequences, UidSet uids)
    {
        uint matched = 0;
        using var seq = Expand(sequences).GetEnumerator();
        using var uid = Expand(uids).GetEnumerator();
        while (seq.MoveNext() && uid.MoveNext())
        {
            long msn = seq.Current;
            if (msn > current.Count || current[(int)msn - 1] != uid.Current) break;
            matched = uid.Current;
        }

        return matched;
    }

    private static IEnumerable<uint> Expand(UidSet set)
    {
        foreach (var r in set.Ranges)
        {
            for (long n = r.Start; n <= r.End; n++) yield return (uint)n;
        }
    }
}
