using Akka.Actor;
using Akka.Serialization;

namespace ActorMail.Mailboxes.Store.Serialization;

/// <summary>Compact binary serializer for mailbox events and <see cref="MailboxSnapshot"/>.</summary>
public sealed class MailboxSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string SnapshotManifest = "S";

    /// <summary>HOCON registering this serializer for every <see cref="IMailboxEvent"/> and for snapshots.</summary>
    public const string Hocon = """
        akka.actor {
          serializers {
            actormail-mailbox = "ActorMail.Mailboxes.Store.Serialization.MailboxSerializer, ActorMail.Mailboxes"
          }
          serialization-bindings {
            "ActorMail.Mailboxes.Store.IMailboxEvent, ActorMail.Mailboxes" = actormail-mailbox
            "ActorMail.Mailboxes.Store.Serialization.MailboxSnapshot, ActorMail.Mailboxes" = actormail-mailbox
          }
        }
        """;

    public override int Identifier => 1002;

    public override string Manifest(object o) => o switch
    {
        MailboxSnapshot => SnapshotManifest,
        IMailboxEvent e => EventCodec.Manifest(e),
        _ => throw new ArgumentException($"Cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        switch (obj)
        {
            case MailboxSnapshot s:
                return s.Data;
            case IMailboxEvent e:
                using (var stream = new MemoryStream())
                {
                    using (var w = new BinaryWriter(stream)) EventCodec.Write(w, e);
                    return stream.ToArray();
                }
            default:
                throw new ArgumentException($"Cannot serialize {obj.GetType()}", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == SnapshotManifest) return new MailboxSnapshot(bytes);
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false));
        return EventCodec.Read(r, manifest);
    }
}
