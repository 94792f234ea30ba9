namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>EXPN string (RFC 5321 §4.1.1.7). ActorMail does not expand lists.</summary>
public sealed record ExpnCommand(string Argument) : SmtpCommand
{
    public override SmtpCommandKind Kind => SmtpCommandKind.Expn;

    internal static ParseResult Parse(string args) =>
        args.Length == 0 ? SmtpReplies.InvalidArguments : new ExpnCommand(args);
}
