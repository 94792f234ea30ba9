namespace ActorMail.Protocols.Pop3;

/// <summary><c>NOOP</c>: does nothing, answers <c>+OK</c> (RFC 1939 §5).</summary>
public sealed record NoopCommand : Pop3Command
{
    /// <summary>The only instance; the command has no arguments.</summary>
    public static NoopCommand Instance { get; } = new();

    public override Pop3Verb Verb => Pop3Verb.Noop;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Words.Length == 0 ? Pop3ParseResult.Success(Instance) : args.NoArgumentsExpected();
}
