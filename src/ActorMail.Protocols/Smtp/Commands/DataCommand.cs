namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>DATA (RFC 5321 §4.1.1.4).</summary>
public sealed record DataCommand : SmtpCommand
{
    public static readonly DataCommand Instance = new();

    public override SmtpCommandKind Kind => SmtpCommandKind.Data;

    internal static ParseResult Parse(string args) => args.Length == 0 ? Instance : SmtpReplies.NoArgumentsAllowed;
}
