using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// Layout of a segment file: a plain sequence of records, each
/// <code>
///   offset  size  field
///   0       4     magic "AMBL" (0x41 0x4D 0x42 0x4C)
///   4       1     format version (1)
///   5       8     body length, int64 little-endian
///   13      32    SHA-256 of the body
///   45      n     body
/// </code>
/// Records are appended only; a file named <c>segment-NNNNNNNN.blob</c> with a higher number is newer.
/// A crash can leave a torn record at the end of the newest segment only: sealed segments were fsynced
/// before the next one was created.
/// </summary>
internal static class SegmentFormat
{
    public const int HeaderSize = 45;
    public const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "AMBL"u8;
    private const string Prefix = "segment-";
    private const string Suffix = ".blob";

    public static string FileName(int id) => Prefix + id.ToString("D8", CultureInfo.InvariantCulture) + Suffix;

    /// <summary>Segment ids present in <paramref name="directory"/>, oldest first.</summary>
    public static List<int> ListSegments(string directory)
    {
        var ids = new List<int>();
        foreach (var path in Directory.EnumerateFiles(directory, Prefix + "*" + Suffix))
        {
            var name = Path.GetFileName(path);
            var digits = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length);
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        return ids;
    }

    public static void WriteHeader(Span<byte> header, long length, ReadOnlySpan<byte> sha256)
    {
        Magic.CopyTo(header);
        header[4] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(header[5..], length);
        sha256.CopyTo(header[13..]);
    }

    /// <summary>Whether <paramref name="header"/> starts a record of this format, and the body length it states.</summary>
    public static (bool Valid, long Length) ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderSize || !header[..4].SequenceEqual(Magic) || header[4] != Version)
        {
            return (false, 0);
        }

        return (true, BinaryPrimitives.ReadInt64LittleEndian(header[5..]));
    }

    /// <summary>One record found by <see cref="Scan"/>; <paramref name="BodyOffset"/> is where its body starts.</summary>
    public readonly record struct ScannedRecord(string Hash, long BodyOffset, long Length);

    /// <summary>
    /// Walks the records of one segment from header to header. With <paramref name="verify"/> each body's
    /// SHA-256 is checked too. Returns the records up to the first torn or corrupt one and the offset
    /// where that last good record ends.
    /// </summary>
    public static (List<ScannedRecord> Records, long GoodEnd) Scan(string path, bool verify)
    {
        var records = new List<ScannedRecord>();
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> header = stackalloc byte[HeaderSize];
        Span<byte> actual = stackalloc byte[32];
        byte[]? buffer = verify ? ArrayPool<byte>.Shared.Rent(1 << 20) : null;
        try
        {
            long offset = 0;
            while (offset + HeaderSize <= fileLength)
            {
                if (RandomAccess.Read(handle, header, offset) != HeaderSize
                    || !header[..4].SequenceEqual(Magic)
                    || header[4] != Version)
                {
                    break;
                }

                long length = BinaryPrimitives.ReadInt64LittleEndian(header[5..]);
                long bodyOffset = offset + HeaderSize;
                if (length < 0 || length > fileLength - bodyOffset)
                {
                    break;
                }

                if (buffer is not null)
                {
                    HashRange(handle, bodyOffset, length, buffer, actual);
                    if (!actual.SequenceEqual(header[13..]))
                    {
                        break;
                    }
                }

                records.Add(new ScannedRecord(Convert.ToHexStringLower(header[13..]), bodyOffset, length));
                offset = bodyOffset + length;
            }

            return (records, offset);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static void HashRange(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, long length, byte[] buffer, Span<byte> hash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long done = 0;
        while (done < length)
        {
            int want = (int)Math.Min(buffer.Length, length - done);
            int read = RandomAccess.Read(handle, buffer.AsSpan(0, want), offset + done);
            if (read <= 0)
            {
                break;
            }

            sha.AppendData(buffer, 0, read);
            done += read;
        }

        sha.GetHashAndReset(hash);
    }
}
