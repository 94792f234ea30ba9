namespace ActorMail.Protocols.Pop3;

/// <summary><c>RETR n</c>: sends the whole message, dot-stuffed (RFC 1939 §5).</summary>
public sealed record RetrCommand(int MessageNumber) : Pop3Command
{
    public override Pop3Verb Verb => Pop3Verb.Retr;

    internal static Pop3ParseResult Parse(Pop3Arguments args)
    {
        if (args.Words.Length != 1)
        {
            return Pop3ParseResult.Failure(Pop3Replies.Syntax("RETR needs exactly one message number"));
        }

        return Pop3Arguments.TryParseMessageNumber(args.Words[0], out int number)
            ? Pop3ParseResult.Success(new RetrCommand(number))
            : Pop3ParseResult.Failure(Pop3Replies.Syntax("Invalid message number"));
    }
}
