namespace ActorMail.Mailboxes.Store;

/// <summary>A persisted change of a mailbox; see the records in <c>ActorMail.Mailboxes.Store.Events</c>.</summary>
public interface IMailboxEvent;
