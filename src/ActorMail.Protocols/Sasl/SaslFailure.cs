namespace ActorMail.Protocols.Sasl;

/// <summary>Why a SASL exchange failed before any credential check.</summary>
public enum SaslFailure
{
    None,

    /// <summary>The client sent "*" (RFC 4954 §4): answered 501 in SMTP.</summary>
    Cancelled,

    /// <summary>Not valid base64 (RFC 4954 §4: 501 5.5.2 in SMTP).</summary>
    MalformedBase64,

    /// <summary>The decoded message does not follow the mechanism's grammar.</summary>
    Malformed,

    /// <summary>Not valid UTF-8 (RFC 4616 §2).</summary>
    InvalidUtf8,

    EmptyAuthenticationId,

    EmptyPassword,

    /// <summary>An identity or password over 255 octets.</summary>
    TooLong,

    /// <summary>A response arrived after the exchange had ended.</summary>
    ExchangeOver,
}
