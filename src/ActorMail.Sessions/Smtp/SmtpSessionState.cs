using ActorMail.Protocols.Smtp;

namespace ActorMail.Sessions.Smtp;

/// <summary>The state of one SMTP connection that the session and its command handlers share.</summary>
internal sealed class SmtpSessionState
{
    /// <summary>Where the session stands in the state table.</summary>
    public SmtpState State { get; set; } = SmtpState.Connected;

    /// <summary>True once EHLO or HELO was accepted (reset by STARTTLS).</summary>
    public bool Greeted { get; set; }

    /// <summary>True when the client greeted with EHLO rather than HELO.</summary>
    public bool Extended { get; set; }

    /// <summary>The domain the client gave in EHLO or HELO.</summary>
    public string Helo { get; set; } = "";

    /// <summary>The account key the client authenticated as; null before AUTH succeeds.</summary>
    public string? AuthUser { get; set; }

    /// <summary>The current mail transaction.</summary>
    public SmtpTransaction Transaction { get; } = new();
}
