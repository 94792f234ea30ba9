namespace ActorMail.Mailboxes.Store;

/// <summary>Why a mailbox command was refused.</summary>
public enum MailboxError
{
    /// <summary>The folder does not exist (IMAP answers [TRYCREATE] for APPEND/COPY/MOVE targets).</summary>
    NoSuchFolder,
    AlreadyExists,
    InvalidName,
    /// <summary>The folder is a \Noselect placeholder.</summary>
    NoSelect,
    HasChildren,
    CannotDeleteInbox,
    SpecialUseInUse,
    InvalidKeyword,
    TooManyKeywords,
}
