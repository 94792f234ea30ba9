namespace ActorMail.Protocols.Pop3;

/// <summary><c>RSET</c>: removes every deletion mark of this session (RFC 1939 §5).</summary>
public sealed record RsetCommand : Pop3Command
{
    /// <summary>The only instance; the command has no arguments.</summary>
    public static RsetCommand Instance { get; } = new();

    public override Pop3Verb Verb => Pop3Verb.Rset;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Words.Length == 0 ? Pop3ParseResult.Success(Instance) : args.NoArgumentsExpected();
}
