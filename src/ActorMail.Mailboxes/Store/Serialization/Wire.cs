using ActorMail.Core;

namespace ActorMail.Mailboxes.Store.Serialization;

/// <summary>Compact encodings shared by events and snapshots: 7-bit integers, blob references, UID sets.</summary>
internal static class Wire
{
    public const byte HexBlob = 0;
    public const byte TextBlob = 1;

    public static void WriteU32(this BinaryWriter w, uint value) => w.Write7BitEncodedInt64(value);
    public static uint ReadU32(this BinaryReader r) => checked((uint)r.Read7BitEncodedInt64());

    public static void WriteU64(this BinaryWriter w, ulong value) => w.Write7BitEncodedInt64(unchecked((long)value));
    public static ulong ReadU64(this BinaryReader r) => unchecked((ulong)r.Read7BitEncodedInt64());

    public static void WriteI32(this BinaryWriter w, int value) => w.Write7BitEncodedInt(value);
    public static int ReadI32(this BinaryReader r) => r.Read7BitEncodedInt();

    public static void WriteI64(this BinaryWriter w, long value) => w.Write7BitEncodedInt64(value);
    public static long ReadI64(this BinaryReader r) => r.Read7BitEncodedInt64();

    public static void WriteNullable(this BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    public static string? ReadNullable(this BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    /// <summary>A SHA-256 hex hash travels as its 32 bytes; any other text as a string.</summary>
    public static void WriteBlob(this BinaryWriter w, BlobRef blob)
    {
        Span<byte> raw = stackalloc byte[32];
        if (TryHexHash(blob.Hash, raw))
        {
            w.Write(HexBlob);
            w.Write(raw);
        }
        else
        {
            w.Write(TextBlob);
            w.Write(blob.Hash);
        }
        w.WriteI64(blob.Length);
    }

    public static BlobRef ReadBlob(this BinaryReader r)
    {
        byte kind = r.ReadByte();
        string hash;
        if (kind == HexBlob)
        {
            Span<byte> raw = stackalloc byte[32];
            r.BaseStream.ReadExactly(raw);
            hash = Convert.ToHexStringLower(raw);
        }
        else if (kind == TextBlob) hash = r.ReadString();
        else throw new InvalidDataException($"Unknown blob encoding {kind}");
        return new BlobRef(hash, r.ReadI64());
    }

    public static void WriteDate(this BinaryWriter w, DateTimeOffset date)
    {
        w.Write(date.UtcTicks);
        w.Write((short)date.Offset.TotalMinutes);
    }

    public static DateTimeOffset ReadDate(this BinaryReader r)
    {
        long ticks = r.ReadInt64();
        var offset = TimeSpan.FromMinutes(r.ReadInt16());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    /// <summary>Ranges as (gap from the previous end, width), both 7-bit.</summary>
    public static void WriteUidSet(this BinaryWriter w, UidSet set)
    {
        w.WriteI32(set.Ranges.Count);
        uint previous = 0;
        foreach (var range in set.Ranges)
        {
            w.WriteU32(range.Start - previous);
            w.WriteU32(range.End - range.Start);
            previous = range.End;
        }
    }

    public static UidSet ReadUidSet(this BinaryReader r)
    {
        int count = r.ReadI32();
        if (count == 0) return UidSet.Empty;
        var ranges = new UidRange[count];
        uint previous = 0;
        for (int i = 0; i < count; i++)
        {
            uint start = checked(previous + r.ReadU32());
            uint end = checked(start + r.ReadU32());
            ranges[i] = new UidRange(start, end);
            previous = end;
        }
        return UidSet.FromRanges(ranges);
    }

    public static void WriteStrings(this BinaryWriter w, IReadOnlyCollection<string> values)
    {
        w.WriteI32(values.Count);
        foreach (var v in values) w.Write(v);
    }

    public static string[] ReadStrings(this BinaryReader r)
    {
        int count = r.ReadI32();
        if (count == 0) return [];
        var values = new string[count];
        for (int i = 0; i < count; i++) values[i] = r.ReadString();
        return values;
    }

    /// <summary>Decodes a 64-digit lower-case hex hash into 32 bytes.</summary>
    public static bool TryHexHash(string hash, Span<byte> raw) =>
        IsLowerHex64(hash) &&
        Convert.FromHexString(hash, raw[..32], out _, out int written) == System.Buffers.OperationStatus.Done && written == 32;

    private static bool IsLowerHex64(string s)
    {
        if (s.Length != 64) return false;
        foreach (char c in s)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        return true;
    }
}
