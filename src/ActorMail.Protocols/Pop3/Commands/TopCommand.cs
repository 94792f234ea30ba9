namespace ActorMail.Protocols.Pop3;

/// <summary><c>TOP n lines</c>: the header, the blank line and the first <paramref name="Lines"/> body lines (RFC 1939 §7).</summary>
public sealed record TopCommand(int MessageNumber, int Lines) : Pop3Command
{
    public override Pop3Verb Verb => Pop3Verb.Top;

    internal static Pop3ParseResult Parse(Pop3Arguments args)
    {
        if (args.Words.Length != 2)
        {
            return Pop3ParseResult.Failure(Pop3Replies.Syntax("TOP needs a message number and a line count"));
        }

        if (!Pop3Arguments.TryParseMessageNumber(args.Words[0], out int number))
        {
            return Pop3ParseResult.Failure(Pop3Replies.Syntax("Invalid message number"));
        }

        return Pop3Arguments.TryParseNonNegative(args.Words[1], out int lines)
            ? Pop3ParseResult.Success(new TopCommand(number, lines))
            : Pop3ParseResult.Failure(Pop3Replies.Syntax("Invalid line count"));
    }
}
