namespace ActorMail.Mailboxes.Actors;

/// <summary>
/// Addresses a message to the mailbox entity of one account (its key, the lower-case address).
/// The shard region (or the local router in single-process tools) routes by <see cref="Account"/>.
/// <see cref="Correlation"/> is echoed in the <see cref="MailboxResponse"/>.
/// </summary>
public sealed record MailboxEnvelope(string Account, object Message, long Correlation = 0);

/// <summary>Every reply of a mailbox entity: the result of the command or query it answers.</summary>
public sealed record MailboxResponse(string Account, long Correlation, object Result);
