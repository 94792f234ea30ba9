namespace ActorMail.Protocols.Imap.Commands;

/// <summary>LIST-EXTENDED selection options (RFC 5258 §3.1, RFC 6154 §5.1).</summary>
[Flags]
public enum ListSelectOptions
{
    None = 0,
    Subscribed = 1,
    Remote = 2,
    RecursiveMatch = 4,
    SpecialUse = 8,
}

/// <summary>LIST-EXTENDED return options (RFC 5258 §3.2, RFC 6154 §5.2, LIST-STATUS RFC 5819).</summary>
[Flags]
public enum ListReturnOptions
{
    None = 0,
    Subscribed = 1,
    Children = 2,
    SpecialUse = 4,
    Status = 8,
}

/// <summary>
/// LIST [(select-options)] reference (pattern / (patterns)) [RETURN (options)] (RFC 9051 §6.3.9, RFC 5258).
/// Patterns keep their wildcards "*" and "%".
/// </summary>
public sealed record ListCommand(
    string Tag,
    string Reference,
    IReadOnlyList<string> Patterns,
    ListSelectOptions Select,
    ListReturnOptions Return,
    StatusItems StatusItems) : ImapCommand(Tag)
{
    public override string Name => "LIST";

    internal static ListCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var select = ListSelectOptions.None;
        if (r.Peek() == '(')
        {
            r.Open();
            while (r.Peek() != ')')
            {
                select |= r.Keyword() switch
                {
                    "SUBSCRIBED" => ListSelectOptions.Subscribed,
                    "REMOTE" => ListSelectOptions.Remote,
                    "RECURSIVEMATCH" => ListSelectOptions.RecursiveMatch,
                    "SPECIAL-USE" => ListSelectOptions.SpecialUse,
                    _ => throw ImapReader.Error(ImapErrors.InvalidOption),
                };
                if (r.Peek() != ')') r.Space();
            }
            r.Close();
            // RFC 5258 §3.1: RECURSIVEMATCH needs another option that it modifies.
            if (select.HasFlag(ListSelectOptions.RecursiveMatch) && (select & (ListSelectOptions.Subscribed | ListSelectOptions.SpecialUse)) == 0)
                throw ImapReader.Error(ImapErrors.InvalidOption);
            r.Space();
        }
        var reference = r.ListMailbox();
        r.Space();
        var patterns = new List<string>();
        if (r.Peek() == '(')
        {
            r.Open();
            do patterns.Add(r.ListMailbox());
            while (r.TryConsume(' '));
            r.Close();
        }
        else
        {
            patterns.Add(r.ListMailbox());
        }
        var ret = ListReturnOptions.None;
        var status = StatusItems.None;
        if (!r.AtEnd)
        {
            r.Space();
            if (r.Keyword() != "RETURN") throw ImapReader.Error(ImapErrors.ExtraArguments);
            r.Space();
            r.Open();
            while (r.Peek() != ')')
            {
                switch (r.Keyword())
                {
                    case "SUBSCRIBED": ret |= ListReturnOptions.Subscribed; break;
                    case "CHILDREN": ret |= ListReturnOptions.Children; break;
                    case "SPECIAL-USE": ret |= ListReturnOptions.SpecialUse; break;
                    case "STATUS":
                        r.Space();
                        ret |= ListReturnOptions.Status;
                        status |= StatusItemsGrammar.ParseList(r);
                        break;
                    default: throw ImapReader.Error(ImapErrors.InvalidOption);
                }
                if (r.Peek() != ')') r.Space();
            }
            r.Close();
        }
        r.End();
        return new ListCommand(tag, reference, patterns, select, ret, status);
    }
}
