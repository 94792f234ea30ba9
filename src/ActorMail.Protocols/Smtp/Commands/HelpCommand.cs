namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>HELP [topic] (RFC 5321 §4.1.1.8).</summary>
public sealed record HelpCommand(string? Topic) : SmtpCommand
{
    public override SmtpCommandKind Kind => SmtpCommandKind.Help;

    internal static ParseResult Parse(string args) => new HelpCommand(args.Length == 0 ? null : args);
}
