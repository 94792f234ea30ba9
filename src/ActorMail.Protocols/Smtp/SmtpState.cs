namespace ActorMail.Protocols.Smtp;

/// <summary>Where an SMTP session stands, for <see cref="SmtpStateTable"/>.</summary>
public enum SmtpState
{
    /// <summary>Greeting sent; no EHLO/HELO yet (also right after a TLS handshake, RFC 3207 §4.2).</summary>
    Connected,

    /// <summary>EHLO/HELO accepted; no transaction.</summary>
    Greeted,

    /// <summary>MAIL accepted; no recipient accepted yet.</summary>
    MailGiven,

    /// <summary>At least one RCPT accepted.</summary>
    RcptGiven,

    /// <summary>A BDAT chunk without LAST was received (RFC 3030 §2).</summary>
    ChunkGiven,

    /// <summary>220 to STARTTLS sent, handshake not finished: no command may be executed.</summary>
    TlsPending,
}
