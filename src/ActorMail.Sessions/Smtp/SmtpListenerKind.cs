namespace ActorMail.Sessions.Smtp;

/// <summary>The three SMTP listeners and what each one requires.</summary>
public enum SmtpListenerKind
{
    /// <summary>actormail.smtp.port: receiving and local submission, STARTTLS offered.</summary>
    Smtp,

    /// <summary>actormail.smtp.submission-port: authentication required before MAIL.</summary>
    Submission,

    /// <summary>actormail.smtp.ssl-port: TLS from the first byte.</summary>
    Smtps,
}
