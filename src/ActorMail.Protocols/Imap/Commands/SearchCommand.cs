using ActorMail.Protocols.Imap.Search;

namespace ActorMail.Protocols.Imap.Commands;

/// <summary>
/// SEARCH / UID SEARCH [RETURN (options)] [CHARSET name] keys (RFC 9051 §6.4.4, ESEARCH RFC 4731).
/// <see cref="Return"/> is null for the classic untagged SEARCH response; <c>RETURN ()</c> means ALL.
/// </summary>
public sealed record SearchCommand(string Tag, bool IsUid, string? Charset, SearchKey Criteria, SearchReturnOptions? Return) : ImapCommand(Tag)
{
    public override string Name => IsUid ? "UID SEARCH" : "SEARCH";

    internal static SearchCommand Parse(string tag, ImapReader r, bool uid)
    {
        r.Space();
        SearchReturnOptions? ret = null;
        string? charset = null;
        if (IsWord(r, "RETURN"))
        {
            r.Keyword();
            r.Space();
            r.Open();
            var options = SearchReturnOptions.None;
            while (r.Peek() != ')')
            {
                options |= r.Keyword() switch
                {
                    "MIN" => SearchReturnOptions.Min,
                    "MAX" => SearchReturnOptions.Max,
                    "ALL" => SearchReturnOptions.All,
                    "COUNT" => SearchReturnOptions.Count,
                    "SAVE" => SearchReturnOptions.Save,
                    _ => throw ImapReader.Error(ImapErrors.InvalidOption),
                };
                if (r.Peek() != ')') r.Space();
            }
            r.Close();
            ret = options == SearchReturnOptions.None ? SearchReturnOptions.All : options;
            r.Space();
        }
        if (IsWord(r, "CHARSET"))
        {
            r.Keyword();
            r.Space();
            charset = ImapReader.Utf8(r.AStringBytes()).ToUpperInvariant();
            r.Space();
        }
        var key = SearchKeyParser.ParseProgram(r);
        return new SearchCommand(tag, uid, charset, key, ret);
    }

    private static bool IsWord(ImapReader r, string word) => r.LookingAt(word);
}
