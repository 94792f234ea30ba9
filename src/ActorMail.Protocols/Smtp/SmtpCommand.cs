namespace ActorMail.Protocols.Smtp;

/// <summary>A parsed SMTP command. Each command's record and grammar live in Smtp/Commands/.</summary>
public abstract record SmtpCommand
{
    public abstract SmtpCommandKind Kind { get; }
}
