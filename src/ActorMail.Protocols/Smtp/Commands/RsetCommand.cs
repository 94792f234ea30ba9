namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>RSET (RFC 5321 §4.1.1.5): abort the current transaction.</summary>
public sealed record RsetCommand : SmtpCommand
{
    public static readonly RsetCommand Instance = new();

    public override SmtpCommandKind Kind => SmtpCommandKind.Rset;

    internal static ParseResult Parse(string args) => args.Length == 0 ? Instance : SmtpReplies.NoArgumentsAllowed;
}
