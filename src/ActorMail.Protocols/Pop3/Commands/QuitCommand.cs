namespace ActorMail.Protocols.Pop3;

/// <summary><c>QUIT</c>: ends the session; in TRANSACTION it enters UPDATE and applies deletions (RFC 1939 §4, §6).</summary>
public sealed record QuitCommand : Pop3Command
{
    /// <summary>The only instance; the command has no arguments.</summary>
    public static QuitCommand Instance { get; } = new();

    public override Pop3Verb Verb => Pop3Verb.Quit;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Words.Length == 0 ? Pop3ParseResult.Success(Instance) : args.NoArgumentsExpected();
}
