namespace ActorMail.Protocols.Pop3;

/// <summary><c>USER name</c>: names the mailbox for a following PASS (RFC 1939 §7).</summary>
public sealed record UserCommand(string Name) : Pop3Command
{
    public override Pop3Verb Verb => Pop3Verb.User;

    public override bool IsPlaintextLogin => true;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Words.Length == 1
            ? Pop3ParseResult.Success(new UserCommand(args.Words[0]))
            : Pop3ParseResult.Failure(Pop3Replies.Syntax("USER needs exactly one user name"));
}
