namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>NOOP [string] (RFC 5321 §4.1.1.9): the argument is ignored.</summary>
public sealed record NoopCommand(string? Argument) : SmtpCommand
{
    public override SmtpCommandKind Kind => SmtpCommandKind.Noop;

    internal static ParseResult Parse(string args) => new NoopCommand(args.Length == 0 ? null : args);
}
