using ActorMail.Core;

namespace ActorMail.Mailboxes.Store;

/// <summary>
/// One message of a folder. <see cref="Keywords"/> is sorted (ordinal, case-insensitive), unique and
/// shared between messages with the same keyword set: never modify the array.
/// </summary>
public readonly record struct MessageEntry(
    uint Uid,
    BlobRef Blob,
    long Size,
    MessageFlags Flags,
    string[] Keywords,
    DateTimeOffset InternalDate,
    ulong ModSeq);
