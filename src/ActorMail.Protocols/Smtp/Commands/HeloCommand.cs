namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>HELO domain (RFC 5321 §4.1.1.1): a session without service extensions.</summary>
public sealed record HeloCommand(string Domain) : SmtpCommand
{
    public override SmtpCommandKind Kind => SmtpCommandKind.Helo;

    internal static ParseResult Parse(string args) =>
        EhloCommand.ParseDomain(args, out var domain) is { } error ? error : new HeloCommand(domain);
}
