using ActorMail.Core;

namespace ActorMail.Protocols.Imap;

/// <summary>Flags named in STORE or APPEND: system flags plus keywords (RFC 9051 §2.3.2).</summary>
public sealed record ImapFlagList(MessageFlags System, IReadOnlyList<string> Keywords)
{
    public static ImapFlagList Empty { get; } = new(MessageFlags.None, []);

    /// <summary>flag-list: "(" [flag *(SP flag)] ")".</summary>
    internal static ImapFlagList ParseList(ImapReader r)
    {
        r.Open();
        var result = ParseFlags(r, untilParen: true);
        r.Close();
        return result;
    }

    /// <summary>flag *(SP flag), ending at ")" or at the end of the command.</summary>
    internal static ImapFlagList ParseFlags(ImapReader r, bool untilParen)
    {
        var system = MessageFlags.None;
        var keywords = new List<string>();
        bool first = true;
        while (untilParen ? r.Peek() != ')' : !r.AtEnd)
        {
            if (!first) r.Space();
            first = false;
            if (r.TryConsume('\\'))
            {
                system |= r.Keyword() switch
                {
                    "SEEN" => MessageFlags.Seen,
                    "ANSWERED" => MessageFlags.Answered,
                    "FLAGGED" => MessageFlags.Flagged,
                    "DELETED" => MessageFlags.Deleted,
                    "DRAFT" => MessageFlags.Draft,
                    _ => throw ImapReader.Error(ImapErrors.InvalidFlag),
                };
                continue;
            }
            if (r.Peek() < 0) throw ImapReader.Error(untilParen ? ImapErrors.UnbalancedParentheses : ImapErrors.MissingArgument);
            var keyword = r.Atom();
            if (!keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase)) keywords.Add(keyword);
        }
        return new ImapFlagList(system, keywords);
    }
}
