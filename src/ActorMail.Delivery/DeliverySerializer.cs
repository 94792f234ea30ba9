using System.Collections.Immutable;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Queue;
using Akka.Actor;
using Akka.Serialization;

namespace ActorMail.Delivery;

/// <summary>
/// Compact binary form of the ingest log's and the outbound queue's events and snapshots.
/// Every payload starts with a version byte.
/// </summary>
public sealed class DeliverySerializer : SerializerWithStringManifest
{
    private const byte Version = 1;

    public const string Hocon = @"
akka.actor {
  serializers.actormail-delivery = ""ActorMail.Delivery.DeliverySerializer, ActorMail.Delivery""
  serialization-bindings {
    ""ActorMail.Delivery.Ingest.IIngestEvent, ActorMail.Delivery"" = actormail-delivery
    ""ActorMail.Delivery.Ingest.IngestSnapshot, ActorMail.Delivery"" = actormail-delivery
    ""ActorMail.Delivery.Queue.IQueueEvent, ActorMail.Delivery"" = actormail-delivery
    ""ActorMail.Delivery.Queue.QueueSnapshot, ActorMail.Delivery"" = actormail-delivery
  }
}";

    public DeliverySerializer(ExtendedActorSystem system) : base(system) { }

    public override int Identifier => 1003;

    public override string Manifest(object o) => o switch
    {
        MessageIngested => "I",
        IngestSettled => "S",
        IngestSnapshot => "IS",
        MessageQueued => "Q",
        MessageDeleted => "D",
        QueueFlushed => "F",
        RecipientAttempted => "A",
        ConnectionOverrideSet => "C",
        QueueSnapshot => "QS",
        _ => throw new ArgumentException($"cannot serialize {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(Version);
            switch (obj)
            {
                case MessageIngested m: WriteIngested(w, m); break;
                case IngestSettled s:
                    w.Write7BitEncodedInt(s.Seqs.Count);
                    foreach (var seq in s.Seqs) w.Write7BitEncodedInt64(seq);
                    break;
                case IngestSnapshot s:
                    w.Write7BitEncodedInt64(s.NextSeq);
                    w.Write7BitEncodedInt(s.Pending.Count);
                    foreach (var m in s.Pending) WriteIngested(w, m);
                    break;
                case MessageQueued q: WriteQueued(w, q.Message); break;
                case MessageDeleted d: w.Write(d.Id); break;
                case QueueFlushed f: WriteTime(w, f.At); break;
                case RecipientAttempted a:
                    w.Write(a.Id); w.Write(a.Address); w.Write((byte)a.Status);
                    WriteOptTime(w, a.NextAttempt); WriteOpt(w, a.Error); WriteTime(w, a.At);
                    break;
                case ConnectionOverrideSet c: w.Write(c.Mode is null ? (byte)255 : (byte)c.Mode.Value); break;
                case QueueSnapshot qs:
                    w.Write7BitEncodedInt(qs.State.Messages.Count);
                    foreach (var m in qs.State.Messages.Values) WriteQueued(w, m);
                    w.Write(qs.State.ConnectionOverride is null ? (byte)255 : (byte)qs.State.ConnectionOverride.Value);
                    w.Write7BitEncodedInt(qs.State.RecentIds.Count);
                    foreach (var id in qs.State.RecentOrder) w.Write(id);
                    break;
                default: throw new ArgumentException($"cannot serialize {obj.GetType()}");
            }
        }
        return ms.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        byte version = r.ReadByte();
        if (version != Version) throw new System.Runtime.Serialization.SerializationException($"unknown delivery event version {version}");
        switch (manifest)
        {
            case "I": return ReadIngested(r);
            case "S":
            {
                int n = r.Read7BitEncodedInt();
                var seqs = new long[n];
                for (int i = 0; i < n; i++) seqs[i] = r.Read7BitEncodedInt64();
                return new IngestSettled(seqs);
            }
            case "IS":
            {
                long next = r.Read7BitEncodedInt64();
                int n = r.Read7BitEncodedInt();
                var list = new List<MessageIngested>(n);
                for (int i = 0; i < n; i++) list.Add(ReadIngested(r));
                return new IngestSnapshot(next, list);
            }
            case "Q": return new MessageQueued(ReadQueued(r));
            case "D": return new MessageDeleted(r.ReadString());
            case "F": return new QueueFlushed(ReadTime(r));
            case "A":
                return new RecipientAttempted(r.ReadString(), r.ReadString(), (RecipientStatus)r.ReadByte(), ReadOptTime(r), ReadOpt(r), ReadTime(r));
            case "C":
            {
                byte b = r.ReadByte();
                return new ConnectionOverrideSet(b == 255 ? null : (ConnectionMode)b);
            }
            case "QS":
            {
                int n = r.Read7BitEncodedInt();
                var b = ImmutableSortedDictionary.CreateBuilder<string, QueuedMessage>(StringComparer.Ordinal);
                for (int i = 0; i < n; i++) { var m = ReadQueued(r); b[m.Id] = m; }
                byte mode = r.ReadByte();
                var state = new QueueState(b.ToImmutable(), mode == 255 ? null : (ConnectionMode)mode);
                if (r.BaseStream.Position < r.BaseStream.Length)
                {
                    int recent = r.Read7BitEncodedInt();
                    for (int i = 0; i < recent; i++) state = state.Remember(r.ReadString());
                }
                return new QueueSnapshot(state);
            }
            default: throw new System.Runtime.Serialization.SerializationException($"unknown manifest {manifest}");
        }
    }

    private static void WriteIngested(BinaryWriter w, MessageIngested m)
    {
        w.Write7BitEncodedInt64(m.Seq);
        WriteEnvelope(w, m.Envelope);
        WriteBlob(w, m.Blob);
        w.Write7BitEncodedInt(m.LocalAccounts.Count);
        foreach (var a in m.LocalAccounts) w.Write(a);
        w.Write7BitEncodedInt(m.Remote.Count);
        foreach (var r in m.Remote) WriteRecipient(w, r);
        WriteTime(w, m.ReceivedAt);
        w.Write(m.RemoteBlob.HasValue);
        if (m.RemoteBlob is { } rb) WriteBlob(w, rb);
    }

    private static MessageIngested ReadIngested(BinaryReader r)
    {
        long seq = r.Read7BitEncodedInt64();
        var env = ReadEnvelope(r);
        var blob = ReadBlob(r);
        int nl = r.Read7BitEncodedInt();
        var local = new string[nl];
        for (int i = 0; i < nl; i++) local[i] = r.ReadString();
        int nr = r.Read7BitEncodedInt();
        var remote = new EnvelopeRecipient[nr];
        for (int i = 0; i < nr; i++) remote[i] = ReadRecipient(r);
        var at = ReadTime(r);
        BlobRef? remoteBlob = r.ReadBoolean() ? ReadBlob(r) : null;
        return new MessageIngested(seq, env, blob, local, remote, at, remoteBlob);
    }

    private static void WriteQueued(BinaryWriter w, QueuedMessage m)
    {
        w.Write(m.Id);
        WriteOptAddress(w, m.Sender);
        WriteBlob(w, m.Blob);
        w.Write((byte)m.Return);
        WriteOpt(w, m.EnvelopeId);
        WriteOpt(w, m.AuthenticatedUser);
        WriteTime(w, m.QueuedAt);
        w.Write7BitEncodedInt(m.Recipients.Count);
        foreach (var r in m.Recipients)
        {
            w.Write(r.Address.ToString());
            w.Write((byte)r.Notify);
            WriteOpt(w, r.OriginalRecipient);
            w.Write((byte)r.Status);
            w.Write7BitEncodedInt(r.Attempts);
            WriteOptTime(w, r.NextAttempt);
            WriteOpt(w, r.LastError);
        }
    }

    private static QueuedMessage ReadQueued(BinaryReader r)
    {
        string id = r.ReadString();
        var sender = ReadOptAddress(r);
        var blob = ReadBlob(r);
        var ret = (DsnReturn)r.ReadByte();
        var envid = ReadOpt(r);
        var auth = ReadOpt(r);
        var at = ReadTime(r);
        int n = r.Read7BitEncodedInt();
        var rcpts = new List<QueuedRecipient>(n);
        for (int i = 0; i < n; i++)
        {
            var addr = MailAddress.Parse(r.ReadString());
            var notify = (DsnNotify)r.ReadByte();
            var orcpt = ReadOpt(r);
            var status = (RecipientStatus)r.ReadByte();
            int attempts = r.Read7BitEncodedInt();
            var next = ReadOptTime(r);
            var err = ReadOpt(r);
            rcpts.Add(new QueuedRecipient(addr, notify, orcpt, status, attempts, next, err));
        }
        return new QueuedMessage(id, sender, blob, ret, envid, auth, at, rcpts);
    }

    private static void WriteEnvelope(BinaryWriter w, MailEnvelope e)
    {
        WriteOptAddress(w, e.Sender);
        w.Write7BitEncodedInt(e.Recipients.Count);
        foreach (var r in e.Recipients) WriteRecipient(w, r);
        w.Write((byte)e.Return);
        WriteOpt(w, e.EnvelopeId);
        WriteOpt(w, e.AuthenticatedUser);
    }

    private static MailEnvelope ReadEnvelope(BinaryReader r)
    {
        var sender = ReadOptAddress(r);
        int n = r.Read7BitEncodedInt();
        var rcpts = new EnvelopeRecipient[n];
        for (int i = 0; i < n; i++) rcpts[i] = ReadRecipient(r);
        return new MailEnvelope(sender, rcpts, (DsnReturn)r.ReadByte(), ReadOpt(r), ReadOpt(r));
    }

    private static void WriteRecipient(BinaryWriter w, EnvelopeRecipient r)
    {
        w.Write(r.Address.ToString());
        w.Write((byte)r.Notify);
        WriteOpt(w, r.OriginalRecipient);
    }

    private static EnvelopeRecipient ReadRecipient(BinaryReader r) =>
        new(MailAddress.Parse(r.ReadString()), (DsnNotify)r.ReadByte(), ReadOpt(r));

    private static void WriteBlob(BinaryWriter w, BlobRef b)
    {
        w.Write(Convert.FromHexString(b.Hash));
        w.Write7BitEncodedInt64(b.Length);
    }

    private static BlobRef ReadBlob(BinaryReader r) =>
        new(Convert.ToHexStringLower(r.ReadBytes(32)), r.Read7BitEncodedInt64());

    private static void WriteOptAddress(BinaryWriter w, MailAddress? a) => WriteOpt(w, a?.ToString());

    private static MailAddress? ReadOptAddress(BinaryReader r)
    {
        var s = ReadOpt(r);
        return s is null ? null : MailAddress.Parse(s);
    }

    private static void WriteOpt(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    private static string? ReadOpt(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteTime(BinaryWriter w, DateTimeOffset t) => w.Write(t.UtcTicks);

    private static DateTimeOffset ReadTime(BinaryReader r) => new(r.ReadInt64(), TimeSpan.Zero);

    private static void WriteOptTime(BinaryWriter w, DateTimeOffset? t)
    {
        w.Write(t.HasValue);
        if (t.HasValue) WriteTime(w, t.Value);
    }

    private static DateTimeOffset? ReadOptTime(BinaryReader r) => r.ReadBoolean() ? ReadTime(r) : null;
}
