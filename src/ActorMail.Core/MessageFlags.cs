namespace ActorMail.Core;

/// <summary>IMAP system flags (RFC 9051 §2.3.2) kept per message. \Recent is a session property, not stored here.</summary>
[Flags]
public enum MessageFlags : byte
{
    None = 0,
    Seen = 1,
    Answered = 2,
    Flagged = 4,
    Deleted = 8,
    Draft = 16,
}

/// <summary>RFC 6154 special-use attributes of a folder.</summary>
public enum SpecialUse : byte
{
    None = 0,
    Sent = 1,
    Drafts = 2,
    Trash = 3,
    Junk = 4,
    Archive = 5,
    All = 6,
    Flagged = 7,
}
