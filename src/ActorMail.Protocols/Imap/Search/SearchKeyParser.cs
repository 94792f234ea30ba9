using System.Text;
using ActorMail.Core;

namespace ActorMail.Protocols.Imap.Search;

/// <summary>Grammar of search-key (RFC 9051 §9), nesting bounded by the parse options.</summary>
internal static class SearchKeyParser
{
    /// <summary>search-key *(SP search-key) to the end of the command.</summary>
    public static SearchKey ParseProgram(ImapReader r)
    {
        var keys = new List<SearchKey> { ParseKey(r) };
        while (!r.AtEnd)
        {
            r.Space();
            keys.Add(ParseKey(r));
        }
        return keys.Count == 1 ? keys[0] : new SearchKey.And(keys);
    }

    private static SearchKey ParseKey(ImapReader r)
    {
        r.Enter();
        var key = ParseKeyInner(r);
        r.Leave();
        return key;
    }

    private static SearchKey ParseKeyInner(ImapReader r)
    {
        int c = r.Peek();
        if (c == '(')
        {
            // The nesting level was counted by ParseKey.
            r.Open(countNesting: false);
            var keys = new List<SearchKey> { ParseKey(r) };
            while (r.TryConsume(' ')) keys.Add(ParseKey(r));
            r.Close(countNesting: false);
            return keys.Count == 1 ? keys[0] : new SearchKey.And(keys);
        }
        if (c is '*' or '$' || char.IsAsciiDigit((char)c)) return new SearchKey.Sequence(r.SequenceSet());
        if (c == ')') throw ImapReader.Error(ImapErrors.UnbalancedParentheses);
        if (c < 0) throw ImapReader.Error(ImapErrors.MissingArgument);
        if (!ImapGrammar.IsAtomChar(c)) throw ImapReader.Error(ImapErrors.InvalidSearchKey);
        var word = r.Keyword();
        switch (word)
        {
            case "ALL": return new SearchKey.All();
            case "ANSWERED": return new SearchKey.HasFlag(MessageFlags.Answered, true);
            case "DELETED": return new SearchKey.HasFlag(MessageFlags.Deleted, true);
            case "DRAFT": return new SearchKey.HasFlag(MessageFlags.Draft, true);
            case "FLAGGED": return new SearchKey.HasFlag(MessageFlags.Flagged, true);
            case "SEEN": return new SearchKey.HasFlag(MessageFlags.Seen, true);
            case "UNANSWERED": return new SearchKey.HasFlag(MessageFlags.Answered, false);
            case "UNDELETED": return new SearchKey.HasFlag(MessageFlags.Deleted, false);
            case "UNDRAFT": return new SearchKey.HasFlag(MessageFlags.Draft, false);
            case "UNFLAGGED": return new SearchKey.HasFlag(MessageFlags.Flagged, false);
            case "UNSEEN": return new SearchKey.HasFlag(MessageFlags.Seen, false);
            case "RECENT": return new SearchKey.Recent(true);
            case "OLD": return new SearchKey.Recent(false);
            case "NEW": return new SearchKey.And([new SearchKey.Recent(true), new SearchKey.HasFlag(MessageFlags.Seen, false)]);
            case "BCC" or "CC" or "FROM" or "SUBJECT" or "TO":
                r.Space();
                return new SearchKey.Header(word[0] + word[1..].ToLowerInvariant(), Text(r));
            case "HEADER":
                r.Space();
                var field = Text(r);
                if (field.Length == 0 || field.Any(ch => ch <= ' ' || ch == ':' || ch > '~')) throw ImapReader.Error(ImapErrors.InvalidSearchKey);
                r.Space();
                return new SearchKey.Header(field, Text(r));
            case "BODY":
                r.Space();
                return new SearchKey.Body(Text(r));
            case "TEXT":
                r.Space();
                return new SearchKey.Text(Text(r));
            case "BEFORE": return Date(r, SearchDateField.Internal, SearchDateOp.Before);
            case "ON": return Date(r, SearchDateField.Internal, SearchDateOp.On);
            case "SINCE": return Date(r, SearchDateField.Internal, SearchDateOp.Since);
            case "SENTBEFORE": return Date(r, SearchDateField.Sent, SearchDateOp.Before);
            case "SENTON": return Date(r, SearchDateField.Sent, SearchDateOp.On);
            case "SENTSINCE": return Date(r, SearchDateField.Sent, SearchDateOp.Since);
            case "KEYWORD" or "UNKEYWORD":
                r.Space();
                return new SearchKey.HasKeyword(r.Atom(), word == "KEYWORD");
            case "LARGER" or "SMALLER":
                r.Space();
                return new SearchKey.Size(word == "LARGER", r.Number());
            case "UID":
                r.Space();
                return new SearchKey.Uid(r.SequenceSet());
            case "NOT":
                r.Space();
                return new SearchKey.Not(ParseKey(r));
            case "OR":
                r.Space();
                var left = ParseKey(r);
                r.Space();
                return new SearchKey.Or(left, ParseKey(r));
            case "MODSEQ":
                r.Space();
                if (r.Peek() == '"')
                {
                    // entry-name SP entry-type-req: accepted, the per-flag mod-sequence is not kept apart.
                    r.StringBytes();
                    r.Space();
                    if (r.Keyword() is not ("PRIV" or "SHARED" or "ALL")) throw ImapReader.Error(ImapErrors.InvalidSearchKey);
                    r.Space();
                }
                return new SearchKey.ModSeq(r.Number64());
            default:
                throw ImapReader.Error(ImapErrors.InvalidSearchKey);
        }
    }

    private static SearchKey Date(ImapReader r, SearchDateField field, SearchDateOp op)
    {
        r.Space();
        return new SearchKey.Date(field, op, r.Date());
    }

    /// <summary>A search string (astring); bytes not valid UTF-8 are replaced (the charset is checked by the session).</summary>
    private static string Text(ImapReader r) => Encoding.UTF8.GetString(r.AStringBytes());
}
