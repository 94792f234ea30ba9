namespace ActorMail.Core;

/// <summary>RFC 3461 NOTIFY values of one recipient.</summary>
[Flags]
public enum DsnNotify : byte
{
    Default = 0,
    Never = 1,
    Success = 2,
    Failure = 4,
    Delay = 8,
}

/// <summary>RFC 3461 RET value of a transaction.</summary>
public enum DsnReturn : byte
{
    Default = 0,
    Full = 1,
    Headers = 2,
}

/// <summary>One envelope recipient with its DSN parameters.</summary>
public sealed record EnvelopeRecipient(MailAddress Address, DsnNotify Notify = DsnNotify.Default, string? OriginalRecipient = null);

/// <summary>
/// The SMTP envelope of one message: reverse-path (null for the null sender &lt;&gt;), recipients,
/// and the transaction's DSN parameters. Travels with the blob reference, never with the body.
/// </summary>
public sealed record MailEnvelope(
    MailAddress? Sender,
    IReadOnlyList<EnvelopeRecipient> Recipients,
    DsnReturn Return = DsnReturn.Default,
    string? EnvelopeId = null,
    string? AuthenticatedUser = null);
