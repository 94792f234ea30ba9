using ActorMail.Core;

namespace ActorMail.Mailboxes.Store;

/// <summary>A request to change one mailbox, decided by <see cref="MailboxLogic.Decide"/>.</summary>
public abstract record MailboxCommand;

/// <summary>How STORE combines the given flags with a message's flags.</summary>
public enum StoreMode : byte
{
    Replace,
    Add,
    Remove,
}

/// <summary>Adds a received message. A missing or \Noselect folder falls back to INBOX; a repeated id is ignored.</summary>
public sealed record DeliverMessage(string DeliveryId, BlobRef Blob, long Size, DateTimeOffset InternalDate, string Folder = MailboxState.Inbox) : MailboxCommand;

/// <summary>IMAP APPEND. InternalDate defaults to now.</summary>
public sealed record AppendMessage(string Folder, BlobRef Blob, long Size, MessageFlags Flags, IReadOnlyList<string> Keywords, DateTimeOffset? InternalDate) : MailboxCommand;

/// <summary>IMAP UID STORE, with CONDSTORE UNCHANGEDSINCE when given (RFC 7162 §3.1.3).</summary>
public sealed record StoreFlags(string Folder, UidSet Uids, StoreMode Mode, MessageFlags Flags, IReadOnlyList<string> Keywords, ulong? UnchangedSince = null) : MailboxCommand;

/// <summary>IMAP UID COPY.</summary>
public sealed record CopyMessages(string Folder, UidSet Uids, string Target) : MailboxCommand;

/// <summary>IMAP UID MOVE (RFC 6851).</summary>
public sealed record MoveMessages(string Folder, UidSet Uids, string Target) : MailboxCommand;

/// <summary>IMAP EXPUNGE, or UID EXPUNGE when <paramref name="Only"/> is given: removes \Deleted messages.</summary>
public sealed record ExpungeMessages(string Folder, UidSet? Only = null) : MailboxCommand;

/// <summary>Removes every \Deleted message in every folder.</summary>
public sealed record AutoExpunge : MailboxCommand;

/// <summary>Removes exactly these messages, whatever their flags, atomically (POP3 UPDATE state); result <see cref="Expunged"/>.</summary>
public sealed record RemoveMessages(string Folder, UidSet Uids) : MailboxCommand;

/// <summary>IMAP CREATE; missing parents are created too.</summary>
public sealed record CreateFolder(string Name, SpecialUse Use = SpecialUse.None) : MailboxCommand;

/// <summary>IMAP DELETE (RFC 3501 §6.3.4 rules for folders with children).</summary>
public sealed record DeleteFolder(string Name) : MailboxCommand;

/// <summary>IMAP RENAME, children included; renaming INBOX moves its messages to a new folder.</summary>
public sealed record RenameFolder(string From, string To) : MailboxCommand;

/// <summary>IMAP SUBSCRIBE / UNSUBSCRIBE.</summary>
public sealed record SetSubscription(string Name, bool Subscribed) : MailboxCommand;

/// <summary>A session selecting a folder claims the \Recent messages.</summary>
public sealed record ClaimRecent(string Folder) : MailboxCommand;

/// <summary>Expunges every message of every folder (account removal).</summary>
public sealed record RemoveAllMessages : MailboxCommand;
