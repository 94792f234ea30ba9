namespace ActorMail.Mailboxes.Store.Serialization;

/// <summary>
/// A snapshot of a whole mailbox, captured as bytes at once so that the live state may go on changing while
/// the snapshot store writes it. <c>SaveSnapshot(MailboxSnapshot.Capture(state))</c>; on recovery
/// <c>snapshot.Restore()</c>.
/// </summary>
public sealed class MailboxSnapshot
{
    internal MailboxSnapshot(byte[] data) => Data = data;

    internal byte[] Data { get; }

    /// <summary>Size of the encoded snapshot in bytes.</summary>
    public int Length => Data.Length;

    /// <summary>Encodes the state now.</summary>
    public static MailboxSnapshot Capture(MailboxState state) => new(SnapshotCodec.Write(state));

    /// <summary>Decodes a new, independent state.</summary>
    public MailboxState Restore() => SnapshotCodec.Read(Data);
}
