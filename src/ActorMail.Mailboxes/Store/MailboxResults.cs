using ActorMail.Core;

namespace ActorMail.Mailboxes.Store;

/// <summary>The reply value of a successful mailbox command.</summary>
/// <remarks>ReleasedBlobs lists blobs no longer referenced by any message of this mailbox.</remarks>
public abstract record MailboxResult;

public sealed record Delivered(uint UidValidity, uint Uid) : MailboxResult;

/// <summary>The delivery id was applied before; nothing changed.</summary>
public sealed record DuplicateDelivery : MailboxResult;

public sealed record Appended(uint UidValidity, uint Uid) : MailboxResult;

/// <param name="Changed">Messages whose flags changed (unchanged ones are left out).</param>
/// <param name="Failed">UIDs refused by UNCHANGEDSINCE (the CONDSTORE MODIFIED set).</param>
public sealed record FlagsStored(IReadOnlyList<FlagChange> Changed, UidSet Failed) : MailboxResult;

/// <summary>COPYUID data: the n-th source UID (ascending) became the n-th target UID.</summary>
public sealed record Copied(uint TargetUidValidity, UidSet SourceUids, UidSet TargetUids) : MailboxResult;

/// <summary>COPYUID data, and the modseq of the expunge in the source folder.</summary>
public sealed record Moved(uint TargetUidValidity, UidSet SourceUids, UidSet TargetUids, ulong ExpungeModSeq) : MailboxResult;

/// <summary>Expunged UIDs, ascending; ModSeq is the folder's HIGHESTMODSEQ afterwards.</summary>
public sealed record Expunged(IReadOnlyList<uint> Uids, ulong ModSeq, IReadOnlyList<BlobRef> ReleasedBlobs) : MailboxResult;

/// <summary>What one folder lost to an automatic expunge.</summary>
public sealed record FolderExpunge(string Folder, IReadOnlyList<uint> Uids, ulong ModSeq);

public sealed record AutoExpunged(IReadOnlyList<FolderExpunge> Folders, IReadOnlyList<BlobRef> ReleasedBlobs) : MailboxResult;

/// <summary>The folder was created (Name as stored, e.g. "INBOX/x" for "inbox/x").</summary>
public sealed record FolderCreated(string Name) : MailboxResult;

public sealed record FolderDeleted(IReadOnlyList<BlobRef> ReleasedBlobs) : MailboxResult;

public sealed record FolderRenamed(string From, string To) : MailboxResult;

public sealed record SubscriptionChanged(string Name, bool Subscribed) : MailboxResult;

/// <summary>Messages with UID ≥ FirstRecentUid are \Recent for the claiming session.</summary>
public sealed record RecentClaimed(uint FirstRecentUid) : MailboxResult;

public sealed record AllMessagesRemoved(IReadOnlyList<BlobRef> ReleasedBlobs) : MailboxResult;
