namespace ActorMail.Storage.Blobs;

/// <summary>
/// A body stored in a file of its own, <c>large-&lt;sha256 hex&gt;.blob</c>: one segment record (the
/// <see cref="SegmentFormat"/> header, then the body). It is written under a temporary name
/// (<c>large-&lt;random&gt;.tmp</c>), fsynced, renamed to its final name and the directory fsynced, so a
/// final name always holds a whole body; temporary files found at open are leftovers of a crash.
/// </summary>
internal static class LargeBlobFile
{
    private const string Prefix = "large-";
    private const string Suffix = ".blob";
    private const string TempSuffix = ".tmp";
    private const int HashHexLength = 64;

    public static string FileName(string hash) => Prefix + hash + Suffix;

    public static string NewTempName() => Prefix + Guid.NewGuid().ToString("N") + TempSuffix;

    /// <summary>Files with a final name in <paramref name="directory"/> and the hash each name carries.</summary>
    public static IEnumerable<(string Path, string Hash)> List(string directory)
    {
        foreach (var path in Directory.EnumerateFiles(directory, Prefix + "*" + Suffix))
        {
            if (HashOf(path) is { } hash)
            {
                yield return (path, hash);
            }
        }
    }

    /// <summary>
    /// Deletes temporary files and files whose header does not match their name and size; returns the
    /// bodies of the others. Bodies are not re-hashed: a final name is given only after the fsync.
    /// </summary>
    public static List<(string Hash, long Length)> Recover(string directory)
    {
        foreach (var temp in Directory.EnumerateFiles(directory, Prefix + "*" + TempSuffix))
        {
            File.Delete(temp);
        }

        var found = new List<(string, long)>();
        foreach (var (path, hash) in List(directory))
        {
            if (ReadLength(path, hash) is { } length)
            {
                found.Add((hash, length));
            }
            else
            {
                File.Delete(path);
            }
        }

        return found;
    }

    /// <summary>The body length the header of <paramref name="path"/> states, when it is whole and matches <paramref name="hash"/>.</summary>
    private static long? ReadLength(string path, string hash)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> header = stackalloc byte[SegmentFormat.HeaderSize];
        if (fileLength < SegmentFormat.HeaderSize || RandomAccess.Read(handle, header, 0) != SegmentFormat.HeaderSize)
        {
            return null;
        }

        var (valid, length) = SegmentFormat.ReadHeader(header);
        if (!valid || length != fileLength - SegmentFormat.HeaderSize
            || !string.Equals(Convert.ToHexStringLower(header[13..]), hash, StringComparison.Ordinal))
        {
            return null;
        }

        return length;
    }

    private static string? HashOf(string path)
    {
        var name = Path.GetFileName(path.AsSpan());
        if (name.Length != Prefix.Length + HashHexLength + Suffix.Length)
        {
            return null;
        }

        var hex = name.Slice(Prefix.Length, HashHexLength);
        foreach (char c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return hex.ToString();
    }
}
