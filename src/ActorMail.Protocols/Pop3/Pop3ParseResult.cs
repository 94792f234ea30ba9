using System.Diagnostics.CodeAnalysis;

namespace ActorMail.Protocols.Pop3;

/// <summary>The outcome of <see cref="Pop3Parser.Parse"/>: a command, or the <c>-ERR</c> reply to send.</summary>
public sealed class Pop3ParseResult
{
    private Pop3ParseResult(Pop3Command? command, Pop3Reply? error)
    {
        Command = command;
        Error = error;
    }

    /// <summary>The parsed command; set when <see cref="IsSuccess"/>.</summary>
    public Pop3Command? Command { get; }

    /// <summary>The error reply; set when not <see cref="IsSuccess"/>.</summary>
    public Pop3Reply? Error { get; }

    [MemberNotNullWhen(true, nameof(Command))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Command is not null;

    public static Pop3ParseResult Success(Pop3Command command) => new(command, null);

    public static Pop3ParseResult Failure(Pop3Reply error) => new(null, error);

    public override string ToString() => IsSuccess ? Command.ToString() : Error.ToString();
}
