namespace ActorMail.Protocols.Pop3;

/// <summary><c>DELE n</c>: marks the message deleted; it is removed in UPDATE (RFC 1939 §5).</summary>
public sealed record DeleCommand(int MessageNumber) : Pop3Command
{
    public override Pop3Verb Verb => Pop3Verb.Dele;

    internal static Pop3ParseResult Parse(Pop3Arguments args)
    {
        if (args.Words.Length != 1)
        {
            return Pop3ParseResult.Failure(Pop3Replies.Syntax("DELE needs exactly one message number"));
        }

        return Pop3Arguments.TryParseMessageNumber(args.Words[0], out int number)
            ? Pop3ParseResult.Success(new DeleCommand(number))
            : Pop3ParseResult.Failure(Pop3Replies.Syntax("Invalid message number"));
    }
}
