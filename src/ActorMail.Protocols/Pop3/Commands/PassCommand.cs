namespace ActorMail.Protocols.Pop3;

/// <summary><c>PASS password</c>: the password for the preceding USER (RFC 1939 §7).</summary>
/// <param name="Password">Everything after <c>PASS </c>, spaces included (RFC 1939 §7 allows them).</param>
public sealed record PassCommand(string Password) : Pop3Command
{
    public override Pop3Verb Verb => Pop3Verb.Pass;

    public override bool IsPlaintextLogin => true;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Rest.Length > 0
            ? Pop3ParseResult.Success(new PassCommand(args.Rest))
            : Pop3ParseResult.Failure(Pop3Replies.Syntax("PASS needs a password"));

    /// <summary>Never shows the password.</summary>
    public override string ToString() => "PassCommand { Password = *** }";
}
