using ActorMail.Core;

namespace ActorMail.Mailboxes.Store.Events;

// Persisted events of a mailbox. Their names and fields are part of the stored format
// (see MailboxSerializer): add new events rather than change these.

/// <summary>A folder was created (or a \Noselect placeholder of that name became a real folder).</summary>
public sealed record FolderCreated(int FolderId, string Name, SpecialUse Use, uint UidValidity, bool Subscribe) : IMailboxEvent;

/// <summary>The folder and every folder below it got the new name prefix; subscriptions follow.</summary>
public sealed record FolderRenamed(int FolderId, string NewName) : IMailboxEvent;

/// <summary>The folder and its messages are gone.</summary>
public sealed record FolderDeleted(int FolderId) : IMailboxEvent;

/// <summary>The folder lost its messages and special use and became a \Noselect placeholder for its children.</summary>
public sealed record FolderNoSelectSet(int FolderId) : IMailboxEvent;

public sealed record SubscriptionChanged(string Name, bool Subscribed) : IMailboxEvent;

/// <summary>A message was added with the given UID and modseq; DeliveryId is remembered when present.</summary>
public sealed record MessageAdded(
    int FolderId,
    uint Uid,
    BlobRef Blob,
    long Size,
    MessageFlags Flags,
    string[] Keywords,
    DateTimeOffset InternalDate,
    ulong ModSeq,
    string? DeliveryId) : IMailboxEvent;

/// <summary>Flags of some messages changed, all at <paramref name="ModSeq"/>.</summary>
public sealed record FlagsChanged(int FolderId, ulong ModSeq, IReadOnlyList<FlagChange> Changes) : IMailboxEvent;

/// <summary>The messages with these UIDs were removed at <paramref name="ModSeq"/>.</summary>
public sealed record MessagesExpunged(int FolderId, ulong ModSeq, UidSet Uids) : IMailboxEvent;

/// <summary>UIDs below <paramref name="RecentFrom"/> are no longer \Recent for new sessions.</summary>
public sealed record RecentClaimed(int FolderId, uint RecentFrom) : IMailboxEvent;

/// <summary>
/// The source messages with these UIDs were copied, in ascending UID order, to the target folder as
/// UIDs FirstTargetUid, FirstTargetUid+1, …, all at <paramref name="ModSeq"/>, with blob, size, flags,
/// keywords and internal date.
/// </summary>
public sealed record MessagesCopied(int SourceFolderId, UidSet SourceUids, int TargetFolderId, uint FirstTargetUid, ulong ModSeq) : IMailboxEvent;
