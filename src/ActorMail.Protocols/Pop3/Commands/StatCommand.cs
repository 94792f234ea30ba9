namespace ActorMail.Protocols.Pop3;

/// <summary><c>STAT</c>: message count and total size of the maildrop, deleted messages excluded (RFC 1939 §5).</summary>
public sealed record StatCommand : Pop3Command
{
    /// <summary>The only instance; the command has no arguments.</summary>
    public static StatCommand Instance { get; } = new();

    public override Pop3Verb Verb => Pop3Verb.Stat;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Words.Length == 0 ? Pop3ParseResult.Success(Instance) : args.NoArgumentsExpected();
}
