namespace ActorMail.Protocols.Pop3;

/// <summary>
/// <c>APOP name digest</c> (RFC 1939 §7). Recognised so that it gets a clear answer; ActorMail does not offer APOP
/// and replies <see cref="Pop3Replies.ApopNotSupported"/>.
/// </summary>
public sealed record ApopCommand(string Name) : Pop3Command
{
    public override Pop3Verb Verb => Pop3Verb.Apop;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Words.Length == 2
            ? Pop3ParseResult.Success(new ApopCommand(args.Words[0]))
            : Pop3ParseResult.Failure(Pop3Replies.Syntax("APOP needs a name and a digest"));
}
