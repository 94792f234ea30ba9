namespace ActorMail.Mailboxes.Store;

/// <summary>UIDs Start..End (inclusive) of a folder were expunged at or before <see cref="ModSeq"/> (RFC 7162 QRESYNC).</summary>
public readonly record struct ExpungedRun(uint Start, uint End, ulong ModSeq);
