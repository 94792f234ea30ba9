namespace ActorMail.Protocols.Smtp;

/// <summary>Facts about a session that decide whether a command is allowed.</summary>
/// <param name="IsTls">The connection is encrypted (STARTTLS done or implicit TLS).</param>
/// <param name="IsAuthenticated">AUTH succeeded.</param>
/// <param name="TlsAvailable">STARTTLS is offered on this listener.</param>
/// <param name="AuthAvailable">At least one AUTH mechanism is offered right now.</param>
/// <param name="AuthNeedsTls">AUTH is offered only over TLS here (plaintext login policy) and TLS is not active.</param>
/// <param name="AuthRequired">MAIL requires authentication on this listener (submission).</param>
/// <param name="ChunkingAvailable">CHUNKING (BDAT) is offered.</param>
/// <param name="RecipientsAllRejected">RCPT was tried in this transaction and every one was refused (RFC 2920 §3.1).</param>
public readonly record struct SmtpSessionFacts(
    bool IsTls = false,
    bool IsAuthenticated = false,
    bool TlsAvailable = false,
    bool AuthAvailable = false,
    bool AuthNeedsTls = false,
    bool AuthRequired = false,
    bool ChunkingAvailable = true,
    bool RecipientsAllRejected = false);
