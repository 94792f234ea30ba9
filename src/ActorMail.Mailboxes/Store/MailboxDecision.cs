namespace ActorMail.Mailboxes.Store;

/// <summary>Outcome of <see cref="MailboxLogic.Decide"/>: a refusal, or events to persist and the reply.</summary>
public abstract record MailboxDecision
{
    private MailboxDecision() { }

    /// <summary>The command is refused; nothing is persisted.</summary>
    public sealed record Failure(MailboxError Code, string Text) : MailboxDecision;

    /// <summary>Persist <paramref name="Events"/> (possibly none), apply them, then reply with <paramref name="Result"/>.</summary>
    public sealed record Success(IReadOnlyList<IMailboxEvent> Events, MailboxResult Result) : MailboxDecision;
}
