using System.Buffers.Binary;
using System.Text;
using ActorMail.Core;

namespace ActorMail.Mailboxes.Store.Serialization;

/// <summary>
/// A growable byte buffer writing the same encodings as <see cref="BinaryWriter"/> (7-bit integers,
/// length-prefixed UTF-8 strings, little-endian fixed integers) without a stream call per byte.
/// </summary>
internal sealed class ByteWriter(int capacity = 4096)
{
    private byte[] _buffer = new byte[capacity];
    private int _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        return _buffer.AsSpan(_length, count);
    }

    public void Byte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void VarU64(ulong value)
    {
        var span = Reserve(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        _length += n;
    }

    public void VarI32(int value) => VarU64((uint)value);
    public void VarI64(long value) => VarU64(unchecked((ulong)value));

    public void I64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
        _length += 8;
    }

    public void I16(short value)
    {
        BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);
        _length += 2;
    }

    public void String(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        VarI32(count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
        _length += count;
    }

    public void Strings(IReadOnlyCollection<string> values)
    {
        VarI32(values.Count);
        foreach (var v in values) String(v);
    }

    /// <summary>Same layout as <see cref="Wire.WriteBlob"/>.</summary>
    public void Blob(BlobRef blob)
    {
        var raw = Reserve(33);
        if (Wire.TryHexHash(blob.Hash, raw[1..]))
        {
            raw[0] = Wire.HexBlob;
            _length += 33;
        }
        else
        {
            Byte(Wire.TextBlob);
            String(blob.Hash);
        }
        VarI64(blob.Length);
    }
}

/// <summary>Reads what <see cref="ByteWriter"/> (or <see cref="BinaryWriter"/>) wrote, from a byte array.</summary>
internal sealed class ByteReader(byte[] data)
{
    private int _position;

    public bool AtEnd => _position == data.Length;

    public byte Byte() => data[_position++];

    public bool Bool() => Byte() != 0;

    public ulong VarU64()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("Malformed 7-bit integer");
    }

    public int VarI32() => checked((int)(uint)VarU64());
    public uint VarU32() => checked((uint)VarU64());
    public long VarI64() => unchecked((long)VarU64());

    public long I64()
    {
        long v = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(_position, 8));
        _position += 8;
        return v;
    }

    public short I16()
    {
        short v = BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(_position, 2));
        _position += 2;
        return v;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        var span = data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    public string String()
    {
        int count = VarI32();
        return Encoding.UTF8.GetString(Bytes(count));
    }

    public string[] Strings()
    {
        int count = VarI32();
        if (count == 0) return [];
        var values = new string[count];
        for (int i = 0; i < count; i++) values[i] = String();
        return values;
    }

    public BlobRef Blob()
    {
        byte kind = Byte();
        string hash = kind switch
        {
            Wire.HexBlob => Convert.ToHexStringLower(Bytes(32)),
            Wire.TextBlob => String(),
            _ => throw new InvalidDataException($"Unknown blob encoding {kind}"),
        };
        return new BlobRef(hash, VarI64());
    }
}
