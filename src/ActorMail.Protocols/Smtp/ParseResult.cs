using System.Diagnostics.CodeAnalysis;

namespace ActorMail.Protocols.Smtp;

/// <summary>The outcome of <see cref="SmtpParser.Parse"/>: a command, or the error reply to send.</summary>
public sealed class ParseResult
{
    private ParseResult(SmtpCommand? command, SmtpReply? error)
    {
        Command = command;
        Error = error;
    }

    public SmtpCommand? Command { get; }

    public SmtpReply? Error { get; }

    [MemberNotNullWhen(true, nameof(Command))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Command is not null;

    public static ParseResult Ok(SmtpCommand command) => new(command, null);

    public static ParseResult Fail(SmtpReply error) => new(null, error);

    public static implicit operator ParseResult(SmtpCommand command) => Ok(command);

    public static implicit operator ParseResult(SmtpReply error) => Fail(error);

    public override string ToString() => IsSuccess ? Command.ToString() : "Error " + Error;
}
