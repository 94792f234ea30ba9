namespace ActorMail.Storage.Summaries;

/// <summary>
/// Envelope fields of a message as its header states them (RFC 9051 §7.5.2 ENVELOPE). Strings are the
/// unfolded raw header values (RFC 2047 encoded words kept); an absent header is null or an empty list.
/// Sender and Reply-To are not defaulted to From here: the IMAP layer applies that rule.
/// </summary>
public sealed record MessageEnvelope(
    string? Date,
    string? Subject,
    IReadOnlyList<SummaryAddress> From,
    IReadOnlyList<SummaryAddress> Sender,
    IReadOnlyList<SummaryAddress> ReplyTo,
    IReadOnlyList<SummaryAddress> To,
    IReadOnlyList<SummaryAddress> Cc,
    IReadOnlyList<SummaryAddress> Bcc,
    string? InReplyTo,
    string? MessageId)
{
    /// <summary>An envelope with every field absent.</summary>
    public static MessageEnvelope Empty { get; } = new(null, null, [], [], [], [], [], [], null, null);
}
