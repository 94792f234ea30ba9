namespace ActorMail.Protocols.Sasl;

/// <summary>What a SASL exchange needs next.</summary>
public enum SaslStepKind
{
    /// <summary>Send the challenge (SMTP "334 x", IMAP "+ x", POP3 "+ x") and read one response line.</summary>
    Challenge,

    /// <summary>Credentials are decoded; check them.</summary>
    Completed,

    /// <summary>The exchange failed; see <see cref="SaslStep.Failure"/>.</summary>
    Failed,
}

/// <summary>One step of a <see cref="SaslExchange"/>.</summary>
/// <param name="Challenge">The base64 challenge to send (may be empty) when <see cref="Kind"/> is Challenge.</param>
public sealed record SaslStep(SaslStepKind Kind, string Challenge, SaslCredentials? Credentials, SaslFailure Failure)
{
    public static SaslStep Ask(string challenge) => new(SaslStepKind.Challenge, challenge, null, SaslFailure.None);

    public static SaslStep Done(SaslCredentials credentials) => new(SaslStepKind.Completed, "", credentials, SaslFailure.None);

    public static SaslStep Fail(SaslFailure failure) => new(SaslStepKind.Failed, "", null, failure);
}
