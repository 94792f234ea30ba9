namespace ActorMail.Protocols.Smtp;

/// <summary>The SMTP commands ActorMail understands.</summary>
public enum SmtpCommandKind
{
    Ehlo,
    Helo,
    Mail,
    Rcpt,
    Data,
    Bdat,
    Rset,
    Noop,
    Quit,
    Help,
    Vrfy,
    Expn,
    StartTls,
    Auth,
}
