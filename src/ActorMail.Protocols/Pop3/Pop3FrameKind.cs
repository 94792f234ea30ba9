namespace ActorMail.Protocols.Pop3;

/// <summary>What <see cref="Pop3LineReceiver"/> found in the input.</summary>
public enum Pop3FrameKind
{
    /// <summary>A command line, without its terminator.</summary>
    Command,

    /// <summary>A SASL response line (base64), read after <see cref="Pop3LineReceiver.ExpectAuthResponse"/>.</summary>
    AuthResponse,

    /// <summary>The client answered a SASL continuation with <c>*</c> (RFC 5034 §4).</summary>
    AuthCancelled,

    /// <summary>A line over the limit was read and discarded; reported once, the session continues.</summary>
    LineTooLong,
}
