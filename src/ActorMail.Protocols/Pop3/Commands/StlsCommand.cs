namespace ActorMail.Protocols.Pop3;

/// <summary><c>STLS</c>: starts TLS on a plaintext connection (RFC 2595 §4).</summary>
public sealed record StlsCommand : Pop3Command
{
    /// <summary>The only instance; the command has no arguments.</summary>
    public static StlsCommand Instance { get; } = new();

    public override Pop3Verb Verb => Pop3Verb.Stls;

    internal static Pop3ParseResult Parse(Pop3Arguments args) =>
        args.Words.Length == 0 ? Pop3ParseResult.Success(Instance) : args.NoArgumentsExpected();
}
