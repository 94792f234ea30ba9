namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>STARTTLS (RFC 3207 §4): takes no argument.</summary>
public sealed record StartTlsCommand : SmtpCommand
{
    public static readonly StartTlsCommand Instance = new();

    public override SmtpCommandKind Kind => SmtpCommandKind.StartTls;

    internal static ParseResult Parse(string args) => args.Length == 0 ? Instance : SmtpReplies.NoArgumentsAllowed;
}
