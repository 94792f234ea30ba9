namespace ActorMail.Protocols.Pop3;

/// <summary><c>CAPA</c>: lists the server capabilities (RFC 2449 §5).</summary>
public sealed record CapaCommand : Pop3Command
{
    /// <summary>The only instance; the command has no arguments.</summary>
    public static CapaCommand Instance { get; } = new();

    public override Pop3Verb Verb => Pop3Verb.Capa;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Words.Length == 0 ? Pop3ParseResult.Success(Instance) : args.NoArgumentsExpected();
}
