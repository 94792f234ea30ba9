using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text;
using ActorMail.Accounts.Events;
using ActorMail.Core;
using Akka.Actor;
using Akka.Serialization;

namespace ActorMail.Accounts.Serialization;

/// <summary>
/// Compact binary form of the directory's events and snapshot. Each payload starts with a format version byte;
/// later versions only append fields (older readers ignore the tail), and a manifest is never reused for another shape.
/// </summary>
public sealed class DirectorySerializer : SerializerWithStringManifest
{
    public const int SerializerId = 1001;

    /// <summary>HOCON binding this serializer to <see cref="IDirectoryEvent"/> and the <see cref="DirectoryState"/> snapshot.</summary>
    public const string Hocon = """
        akka.actor {
          serializers {
            actormail-directory = "ActorMail.Accounts.Serialization.DirectorySerializer, ActorMail.Accounts"
          }
          serialization-bindings {
            "ActorMail.Accounts.Events.IDirectoryEvent, ActorMail.Accounts" = actormail-directory
            "ActorMail.Accounts.DirectoryState, ActorMail.Accounts" = actormail-directory
          }
        }
        """;

    private const byte Version = 1;

    private const string DomainAddedManifest = "da";
    private const string DomainRemovedManifest = "dr";
    private const string PrimaryDomainChangedManifest = "dp";
    private const string UserAddedManifest = "ua";
    private const string UserSettingsChangedManifest = "us";
    private const string PasswordChangedManifest = "up";
    private const string UserRemovedManifest = "ur";
    private const string AliasTargetAddedManifest = "aa";
    private const string AliasTargetRemovedManifest = "ar";
    private const string SnapshotManifest = "s";

    public DirectorySerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        DomainAdded => DomainAddedManifest,
        DomainRemoved => DomainRemovedManifest,
        PrimaryDomainChanged => PrimaryDomainChangedManifest,
        UserAdded => UserAddedManifest,
        UserSettingsChanged => UserSettingsChangedManifest,
        PasswordChanged => PasswordChangedManifest,
        UserRemoved => UserRemovedManifest,
        AliasTargetAdded => AliasTargetAddedManifest,
        AliasTargetRemoved => AliasTargetRemovedManifest,
        DirectoryState => SnapshotManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not a directory event or snapshot", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            switch (obj)
            {
                case DomainAdded e: w.Write(e.Domain); break;
                case DomainRemoved e: w.Write(e.Domain); break;
                case PrimaryDomainChanged e: w.Write(e.Domain); break;
                case UserAdded e:
                    WriteAddress(w, e.Address);
                    w.Write(e.DisplayName);
                    w.Write(e.PasswordHash);
                    WriteTime(w, e.Created);
                    break;
                case UserSettingsChanged e:
                    WriteAddress(w, e.Address);
                    w.Write(e.DisplayName);
                    w.Write(e.Active);
                    WriteAddresses(w, e.Forward);
                    w.Write(e.KeepCopy);
                    WriteSmarthost(w, e.Smarthost);
                    WriteOptional(w, e.SmsNumber);
                    WriteProperties(w, e.Properties);
                    break;
                case PasswordChanged e:
                    WriteAddress(w, e.Address);
                    w.Write(e.PasswordHash);
                    break;
                case UserRemoved e: WriteAddress(w, e.Address); break;
                case AliasTargetAdded e:
                    WriteAddress(w, e.Alias);
                    WriteAddress(w, e.Target);
                    break;
                case AliasTargetRemoved e:
                    WriteAddress(w, e.Alias);
                    WriteAddress(w, e.Target);
                    break;
                case DirectoryState s: WriteState(w, s); break;
                default: throw new ArgumentException($"{obj.GetType()} is not a directory event or snapshot", nameof(obj));
            }
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            var version = r.ReadByte();
            if (version < 1) throw new SerializationException($"directory payload has unknown format version {version}");
            return manifest switch
            {
                DomainAddedManifest => new DomainAdded(r.ReadString()),
                DomainRemovedManifest => new DomainRemoved(r.ReadString()),
                PrimaryDomainChangedManifest => new PrimaryDomainChanged(r.ReadString()),
                UserAddedManifest => new UserAdded(ReadAddress(r), r.ReadString(), r.ReadString(), ReadTime(r)),
                UserSettingsChangedManifest => new UserSettingsChanged(
                    ReadAddress(r), r.ReadString(), r.ReadBoolean(), ReadAddresses(r), r.ReadBoolean(),
                    ReadSmarthost(r), ReadOptional(r), ReadProperties(r)),
                PasswordChangedManifest => new PasswordChanged(ReadAddress(r), r.ReadString()),
                UserRemovedManifest => new UserRemoved(ReadAddress(r)),
                AliasTargetAddedManifest => new AliasTargetAdded(ReadAddress(r), ReadAddress(r)),
                AliasTargetRemovedManifest => new AliasTargetRemoved(ReadAddress(r), ReadAddress(r)),
                SnapshotManifest => ReadState(r),
                _ => throw new SerializationException($"unknown directory manifest '{manifest}'"),
            };
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
        {
            throw new SerializationException($"malformed directory payload (manifest '{manifest}')", e);
        }
    }

    private static void WriteState(BinaryWriter w, DirectoryState s)
    {
        WriteOptional(w, s.PrimaryDomain);
        w.Write(s.Domains.Count);
        foreach (var d in s.Domains) w.Write(d);
        w.Write(s.Accounts.Count);
        foreach (var a in s.Accounts.Values)
        {
            WriteAddress(w, a.Address);
            w.Write(a.DisplayName);
            w.Write(a.Active);
            w.Write(a.PasswordHash);
            WriteAddresses(w, a.Forward);
            w.Write(a.KeepCopy);
            WriteSmarthost(w, a.Smarthost);
            WriteOptional(w, a.SmsNumber);
            WriteProperties(w, a.Properties);
            WriteTime(w, a.Created);
        }
        w.Write(s.Aliases.Count);
        foreach (var alias in s.Aliases.Values)
        {
            WriteAddress(w, alias.Address);
            WriteAddresses(w, alias.Targets);
        }
        w.Write(s.Revision);
    }

    private static DirectoryState ReadState(BinaryReader r)
    {
        var primary = ReadOptional(r);
        var domains = DirectoryState.Empty.Domains.ToBuilder();
        for (int i = ReadCount(r); i > 0; i--) domains.Add(r.ReadString());
        var accounts = DirectoryState.Empty.Accounts.ToBuilder();
        for (int i = ReadCount(r); i > 0; i--)
        {
            var a = new Account(
                ReadAddress(r), r.ReadString(), r.ReadBoolean(), r.ReadString(), ReadAddresses(r), r.ReadBoolean(),
                ReadSmarthost(r), ReadOptional(r), ReadProperties(r), ReadTime(r));
            accounts[a.Key] = a;
        }
        var aliases = DirectoryState.Empty.Aliases.ToBuilder();
        for (int i = ReadCount(r); i > 0; i--)
        {
            var alias = new AliasEntry(ReadAddress(r), ReadAddresses(r));
            aliases[alias.Key] = alias;
        }
        return new DirectoryState(primary, domains.ToImmutable(), accounts.ToImmutable(), aliases.ToImmutable(), r.ReadInt64());
    }

    private static int ReadCount(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > r.BaseStream.Length) throw new SerializationException($"bad element count {n} in directory payload");
        return n;
    }

    private static void WriteAddress(BinaryWriter w, MailAddress a) => w.Write(a.ToString());

    private static MailAddress ReadAddress(BinaryReader r) => MailAddress.Parse(r.ReadString());

    private static void WriteAddresses(BinaryWriter w, ImmutableArray<MailAddress> list)
    {
        w.Write(list.Length);
        foreach (var a in list) WriteAddress(w, a);
    }

    private static ImmutableArray<MailAddress> ReadAddresses(BinaryReader r)
    {
        var b = ImmutableArray.CreateBuilder<MailAddress>();
        for (int i = ReadCount(r); i > 0; i--) b.Add(ReadAddress(r));
        return b.ToImmutable();
    }

    private static void WriteOptional(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteTime(BinaryWriter w, DateTimeOffset t)
    {
        w.Write(t.UtcTicks);
        w.Write((short)t.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader r)
    {
        var ticks = r.ReadInt64();
        var offset = TimeSpan.FromMinutes(r.ReadInt16());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    private static void WriteSmarthost(BinaryWriter w, SmarthostSettings? s)
    {
        w.Write(s is not null);
        if (s is null) return;
        w.Write(s.Host);
        w.Write(s.Port);
        WriteOptional(w, s.Username);
        WriteOptional(w, s.Password);
    }

    private static SmarthostSettings? ReadSmarthost(BinaryReader r) =>
        r.ReadBoolean() ? new SmarthostSettings(r.ReadString(), r.ReadInt32(), ReadOptional(r), ReadOptional(r)) : null;

    private static void WriteProperties(BinaryWriter w, ImmutableSortedDictionary<string, string> p)
    {
        w.Write(p.Count);
        foreach (var (k, v) in p)
        {
            w.Write(k);
            w.Write(v);
        }
    }

    private static ImmutableSortedDictionary<string, string> ReadProperties(BinaryReader r)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (int i = ReadCount(r); i > 0; i--) b[r.ReadString()] = r.ReadString();
        return b.ToImmutable();
    }
}
