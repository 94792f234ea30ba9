namespace ActorMail.Protocols.Pop3;

/// <summary>Parses one POP3 command line (without CRLF) into a command record or an <c>-ERR</c> reply. Never throws.</summary>
/// <remarks>
/// Keywords are case-insensitive (RFC 1939 §3). Arguments are separated by spaces; runs of spaces are tolerated.
/// A known keyword not allowed in <paramref name="state"/> is answered <see cref="Pop3Replies.WrongState"/> before its
/// arguments are looked at; the fact-dependent rules (PASS after USER, STLS, plaintext policy) are
/// <see cref="Pop3StateTable.Check"/>'s.
/// </remarks>
public static class Pop3Parser
{
    private const int MaxKeywordLength = 4;

    /// <summary>Parses <paramref name="line"/> as a command in <paramref name="state"/>.</summary>
    public static Pop3ParseResult Parse(string line, Pop3State state)
    {
        foreach (char c in line)
        {
            if (c < ' ' || c == '\x7f')
            {
                return Pop3ParseResult.Failure(Pop3Replies.InvalidCharacters);
            }
        }

        int space = line.IndexOf(' ');
        string keyword = space < 0 ? line : line[..space];
        if (keyword.Length is 0 or > MaxKeywordLength || !IsAsciiLetters(keyword))
        {
            return Pop3ParseResult.Failure(Pop3Replies.UnknownCommand);
        }

        keyword = keyword.ToUpperInvariant();
        if (!TryGetVerb(keyword, out var verb))
        {
            return Pop3ParseResult.Failure(Pop3Replies.UnknownCommand);
        }

        if (!Pop3StateTable.IsAllowedIn(state, verb))
        {
            return Pop3ParseResult.Failure(Pop3Replies.WrongState);
        }

        string rest = space < 0 ? string.Empty : line[(space + 1)..];
        var args = new Pop3Arguments(keyword, rest, rest.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        return verb switch
        {
            Pop3Verb.User => UserCommand.Parse(args),
            Pop3Verb.Pass => PassCommand.Parse(args),
            Pop3Verb.Auth => AuthCommand.Parse(args),
            Pop3Verb.Apop => ApopCommand.Parse(args),
            Pop3Verb.Stat => StatCommand.Parse(args),
            Pop3Verb.List => ListCommand.Parse(args),
            Pop3Verb.Retr => RetrCommand.Parse(args),
            Pop3Verb.Dele => DeleCommand.Parse(args),
            Pop3Verb.Noop => NoopCommand.Parse(args),
            Pop3Verb.Rset => RsetCommand.Parse(args),
            Pop3Verb.Quit => QuitCommand.Parse(args),
            Pop3Verb.Top => TopCommand.Parse(args),
            Pop3Verb.Uidl => UidlCommand.Parse(args),
            Pop3Verb.Capa => CapaCommand.Parse(args),
            Pop3Verb.Stls => StlsCommand.Parse(args),
            _ => Pop3ParseResult.Failure(Pop3Replies.UnknownCommand),
        };
    }

    private static bool IsAsciiLetters(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetVerb(string keyword, out Pop3Verb verb)
    {
        verb = keyword switch
        {
            "USER" => Pop3Verb.User,
            "PASS" => Pop3Verb.Pass,
            "AUTH" => Pop3Verb.Auth,
            "APOP" => Pop3Verb.Apop,
            "STAT" => Pop3Verb.Stat,
            "LIST" => Pop3Verb.List,
            "RETR" => Pop3Verb.Retr,
            "DELE" => Pop3Verb.Dele,
            "NOOP" => Pop3Verb.Noop,
            "RSET" => Pop3Verb.Rset,
            "QUIT" => Pop3Verb.Quit,
            "TOP" => Pop3Verb.Top,
            "UIDL" => Pop3Verb.Uidl,
            "CAPA" => Pop3Verb.Capa,
            "STLS" => Pop3Verb.Stls,
            _ => (Pop3Verb)(-1),
        };
        return Enum.IsDefined(verb);
    }
}
