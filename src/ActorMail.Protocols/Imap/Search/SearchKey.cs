using ActorMail.Core;

namespace ActorMail.Protocols.Imap.Search;

/// <summary>Which date a date search key compares.</summary>
public enum SearchDateField
{
    /// <summary>BEFORE / ON / SINCE: the internal date.</summary>
    Internal,

    /// <summary>SENTBEFORE / SENTON / SENTSINCE: the Date: header.</summary>
    Sent,
}

/// <summary>How a date search key compares (days, ignoring time and zone).</summary>
public enum SearchDateOp
{
    Before,
    On,
    Since,
}

/// <summary>
/// A search criterion (RFC 9051 §6.4.4, RFC 7162 MODSEQ). Evaluated by the session against mailbox data;
/// NEW, OLD and the FROM/TO/CC/BCC/SUBJECT keys are expressed with the general forms.
/// </summary>
public abstract record SearchKey
{
    private SearchKey()
    {
    }

    /// <summary>ALL.</summary>
    public sealed record All : SearchKey;

    /// <summary>Every key holds (a parenthesised list or consecutive keys).</summary>
    public sealed record And(IReadOnlyList<SearchKey> Keys) : SearchKey;

    /// <summary>OR key1 key2.</summary>
    public sealed record Or(SearchKey Left, SearchKey Right) : SearchKey;

    /// <summary>NOT key.</summary>
    public sealed record Not(SearchKey Key) : SearchKey;

    /// <summary>A bare sequence set: message sequence numbers.</summary>
    public sealed record Sequence(ImapSequenceSet Set) : SearchKey;

    /// <summary>UID set.</summary>
    public sealed record Uid(ImapSequenceSet Set) : SearchKey;

    /// <summary>ANSWERED, DELETED, DRAFT, FLAGGED, SEEN (<paramref name="IsSet"/>) and their UN- forms.</summary>
    public sealed record HasFlag(MessageFlags Flag, bool IsSet) : SearchKey;

    /// <summary>RECENT (<paramref name="IsSet"/>) or OLD.</summary>
    public sealed record Recent(bool IsSet) : SearchKey;

    /// <summary>KEYWORD name (<paramref name="IsSet"/>) or UNKEYWORD name.</summary>
    public sealed record HasKeyword(string Keyword, bool IsSet) : SearchKey;

    /// <summary>HEADER field value (and FROM, TO, CC, BCC, SUBJECT): substring, case-insensitive; empty value = field present.</summary>
    public sealed record Header(string Field, string Value) : SearchKey;

    /// <summary>BODY text: substring of the body.</summary>
    public sealed record Body(string Value) : SearchKey;

    /// <summary>TEXT text: substring of header or body.</summary>
    public sealed record Text(string Value) : SearchKey;

    /// <summary>BEFORE/ON/SINCE and SENTBEFORE/SENTON/SENTSINCE.</summary>
    public sealed record Date(SearchDateField Field, SearchDateOp Op, DateOnly Value) : SearchKey;

    /// <summary>LARGER n (<paramref name="Larger"/>) or SMALLER n, on RFC822.SIZE.</summary>
    public sealed record Size(bool Larger, uint Octets) : SearchKey;

    /// <summary>MODSEQ n: messages whose mod-sequence is at least n (RFC 7162 §3.1.5).</summary>
    public sealed record ModSeq(ulong Value) : SearchKey;
}
