namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>VRFY string (RFC 5321 §4.1.1.6). ActorMail answers 252 whatever the argument.</summary>
public sealed record VrfyCommand(string Argument) : SmtpCommand
{
    public override SmtpCommandKind Kind => SmtpCommandKind.Vrfy;

    internal static ParseResult Parse(string args) =>
        args.Length == 0 ? SmtpReplies.InvalidArguments : new VrfyCommand(args);
}
