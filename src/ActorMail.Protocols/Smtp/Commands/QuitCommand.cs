namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>QUIT (RFC 5321 §4.1.1.10).</summary>
public sealed record QuitCommand : SmtpCommand
{
    public static readonly QuitCommand Instance = new();

    public override SmtpCommandKind Kind => SmtpCommandKind.Quit;

    internal static ParseResult Parse(string args) => args.Length == 0 ? Instance : SmtpReplies.NoArgumentsAllowed;
}
