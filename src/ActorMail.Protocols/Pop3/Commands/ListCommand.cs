namespace ActorMail.Protocols.Pop3;

/// <summary><c>LIST [n]</c>: scan listing (number and size in octets) of one message or of all not deleted (RFC 1939 §5).</summary>
/// <param name="MessageNumber">The message asked for, or null for the whole listing.</param>
public sealed record ListCommand(int? MessageNumber) : Pop3Command
{
    public override Pop3Verb Verb => Pop3Verb.List;

    internal static Pop3ParseResult Parse(Pop3Arguments args)
    {
        switch (args.Words.Length)
        {
            case 0:
                return Pop3ParseResult.Success(new ListCommand((int?)null));
            case 1:
                return Pop3Arguments.TryParseMessageNumber(args.Words[0], out int number)
                    ? Pop3ParseResult.Success(new ListCommand(number))
                    : Pop3ParseResult.Failure(Pop3Replies.Syntax("Invalid message number"));
            default:
                return Pop3ParseResult.Failure(Pop3Replies.Syntax("LIST takes at most one message number"));
        }
    }
}
