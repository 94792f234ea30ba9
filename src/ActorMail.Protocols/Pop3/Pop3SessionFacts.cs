namespace ActorMail.Protocols.Pop3;

/// <summary>What a POP3 session knows about its connection, as the state table and CAPA need it.</summary>
/// <param name="TlsActive">The connection is protected by TLS (implicit or after STLS).</param>
/// <param name="TlsAvailable">The listener can upgrade to TLS with STLS (a certificate is configured).</param>
/// <param name="PlaintextAuthAllowed">
/// The plaintext-auth policy allows USER/PASS and AUTH PLAIN on this connection now (always, or because TLS is active).
/// </param>
/// <param name="UserAccepted">The previous command was a USER that was accepted (RFC 1939 §7: PASS must follow it).</param>
public readonly record struct Pop3SessionFacts(
    bool TlsActive,
    bool TlsAvailable,
    bool PlaintextAuthAllowed,
    bool UserAccepted = false);
