namespace ActorMail.Transport;

/// <summary>What to do with input that reaches the session side while a STARTTLS upgrade is pending.</summary>
internal enum PendingUpgradeInput
{
    /// <summary>Keep it and give it to the TLS handler once that is in place.</summary>
    HoldForTls,

    /// <summary>Plaintext after STARTTLS: close the connection without reading it.</summary>
    Refuse,
}

/// <summary>
/// The STARTTLS injection guard's decision (RFC 3207 §5). From the StartTlsAsync call until the handshake completes,
/// the only legitimate input is the client's TLS handshake, which starts with a handshake record (content type 22).
/// </summary>
internal static class StartTlsGuard
{
    public const byte HandshakeRecord = 0x16;
    public const int MaxHeldBytes = 64 * 1024;

    /// <param name="tlsHandlerInPlace">The TLS handler already reads the socket: anything still arriving here is plaintext.</param>
    /// <param name="heldBytes">Handshake bytes already held (a record may span reads).</param>
    /// <param name="firstByte">First byte of the new input.</param>
    /// <param name="incomingBytes">Length of the new input.</param>
    public static PendingUpgradeInput Classify(bool tlsHandlerInPlace, int heldBytes, byte firstByte, int incomingBytes)
    {
        var looksLikeHandshake = heldBytes > 0 || firstByte == HandshakeRecord;
        return !tlsHandlerInPlace && looksLikeHandshake && heldBytes + incomingBytes <= MaxHeldBytes
            ? PendingUpgradeInput.HoldForTls
            : PendingUpgradeInput.Refuse;
    }
}
