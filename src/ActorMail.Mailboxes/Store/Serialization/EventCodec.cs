using ActorMail.Core;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Mailboxes.Store.Serialization;

/// <summary>Binary form of each mailbox event: a version byte, then the fields. Manifests never change.</summary>
internal static class EventCodec
{
    private const byte Version = 1;

    public static string Manifest(IMailboxEvent e) => e switch
    {
        E.FolderCreated => "FC",
        E.FolderRenamed => "FR",
        E.FolderDeleted => "FD",
        E.FolderNoSelectSet => "FN",
        E.SubscriptionChanged => "SC",
        E.MessageAdded => "MA",
        E.FlagsChanged => "FL",
        E.MessagesExpunged => "MX",
        E.RecentClaimed => "RC",
        E.MessagesCopied => "MC",
        _ => throw new ArgumentException($"No manifest for {e.GetType().Name}", nameof(e)),
    };

    public static void Write(BinaryWriter w, IMailboxEvent e)
    {
        w.Write(Version);
        switch (e)
        {
            case E.FolderCreated x:
                w.WriteI32(x.FolderId); w.Write(x.Name); w.Write((byte)x.Use); w.WriteU32(x.UidValidity); w.Write(x.Subscribe);
                break;
            case E.FolderRenamed x:
                w.WriteI32(x.FolderId); w.Write(x.NewName);
                break;
            case E.FolderDeleted x:
                w.WriteI32(x.FolderId);
                break;
            case E.FolderNoSelectSet x:
                w.WriteI32(x.FolderId);
                break;
            case E.SubscriptionChanged x:
                w.Write(x.Name); w.Write(x.Subscribed);
                break;
            case E.MessageAdded x:
                w.WriteI32(x.FolderId); w.WriteU32(x.Uid); w.WriteBlob(x.Blob); w.WriteI64(x.Size); w.Write((byte)x.Flags);
                w.WriteStrings(x.Keywords); w.WriteDate(x.InternalDate); w.WriteU64(x.ModSeq); w.WriteNullable(x.DeliveryId);
                break;
            case E.FlagsChanged x:
                w.WriteI32(x.FolderId); w.WriteU64(x.ModSeq); w.WriteI32(x.Changes.Count);
                foreach (var c in x.Changes)
                {
                    w.WriteU32(c.Uid); w.Write((byte)c.Flags); w.WriteStrings(c.Keywords); w.WriteU64(c.ModSeq);
                }
                break;
            case E.MessagesExpunged x:
                w.WriteI32(x.FolderId); w.WriteU64(x.ModSeq); w.WriteUidSet(x.Uids);
                break;
            case E.RecentClaimed x:
                w.WriteI32(x.FolderId); w.WriteU32(x.RecentFrom);
                break;
            case E.MessagesCopied x:
                w.WriteI32(x.SourceFolderId); w.WriteUidSet(x.SourceUids); w.WriteI32(x.TargetFolderId);
                w.WriteU32(x.FirstTargetUid); w.WriteU64(x.ModSeq);
                break;
            default:
                throw new ArgumentException($"Cannot serialize {e.GetType().Name}", nameof(e));
        }
    }

    public static IMailboxEvent Read(BinaryReader r, string manifest)
    {
        byte version = r.ReadByte();
        if (version != Version) throw new InvalidDataException($"Unknown mailbox event version {version}");
        return manifest switch
        {
            "FC" => new E.FolderCreated(r.ReadI32(), r.ReadString(), (SpecialUse)r.ReadByte(), r.ReadU32(), r.ReadBoolean()),
            "FR" => new E.FolderRenamed(r.ReadI32(), r.ReadString()),
            "FD" => new E.FolderDeleted(r.ReadI32()),
            "FN" => new E.FolderNoSelectSet(r.ReadI32()),
            "SC" => new E.SubscriptionChanged(r.ReadString(), r.ReadBoolean()),
            "MA" => new E.MessageAdded(r.ReadI32(), r.ReadU32(), r.ReadBlob(), r.ReadI64(), (MessageFlags)r.ReadByte(),
                r.ReadStrings(), r.ReadDate(), r.ReadU64(), r.ReadNullable()),
            "FL" => ReadFlagsChanged(r),
            "MX" => new E.MessagesExpunged(r.ReadI32(), r.ReadU64(), r.ReadUidSet()),
            "RC" => new E.RecentClaimed(r.ReadI32(), r.ReadU32()),
            "MC" => new E.MessagesCopied(r.ReadI32(), r.ReadUidSet(), r.ReadI32(), r.ReadU32(), r.ReadU64()),
            _ => throw new System.Runtime.Serialization.SerializationException($"Unknown mailbox event manifest '{manifest}'"),
        };
    }

    private static E.FlagsChanged ReadFlagsChanged(BinaryReader r)
    {
        int folderId = r.ReadI32();
        ulong modSeq = r.ReadU64();
        int count = r.ReadI32();
        var changes = new FlagChange[count];
        for (int i = 0; i < count; i++)
            changes[i] = new FlagChange(r.ReadU32(), (MessageFlags)r.ReadByte(), r.ReadStrings(), r.ReadU64());
        return new E.FlagsChanged(folderId, modSeq, changes);
    }
}
