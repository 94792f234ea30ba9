using ActorMail.Core;

namespace ActorMail.Mailboxes.Store;

/// <summary>The new flags and keywords of one message and the modseq at which they changed.</summary>
public sealed record FlagChange(uint Uid, MessageFlags Flags, string[] Keywords, ulong ModSeq);
