using System.Globalization;
using System.Text;

namespace ActorMail.Core;

/// <summary>An inclusive range of IMAP UIDs (or sequence numbers), Start ≤ End.</summary>
public readonly record struct UidRange(uint Start, uint End)
{
    /// <summary>Number of values in the range.</summary>
    public long Count => (long)End - Start + 1;

    public override string ToString() =>
        Start == End ? Start.ToString(CultureInfo.InvariantCulture) : $"{Start}:{End}";
}

/// <summary>
/// An immutable set of non-zero UIDs kept as sorted, merged ranges, so that its size depends on the
/// number of ranges and never on their width (<c>1:4294967295</c> is one range).
/// </summary>
/// <remarks>Text form is the IMAP sequence-set syntax (RFC 9051 §9, <c>sequence-set</c>).</remarks>
public sealed class UidSet : IEquatable<UidSet>
{
    private readonly UidRange[] _ranges;

    /// <summary>The set with no UID.</summary>
    public static readonly UidSet Empty = new([]);

    private UidSet(UidRange[] normalisedRanges) => _ranges = normalisedRanges;

    /// <summary>The ranges, ascending, disjoint and non-adjacent.</summary>
    public IReadOnlyList<UidRange> Ranges => _ranges;

    public bool IsEmpty => _ranges.Length == 0;

    /// <summary>Number of UIDs in the set.</summary>
    public long Count
    {
        get
        {
            long n = 0;
            foreach (var r in _ranges) n += r.Count;
            return n;
        }
    }

    /// <summary>Smallest UID, or 0 when empty.</summary>
    public uint Min => _ranges.Length == 0 ? 0 : _ranges[0].Start;

    /// <summary>Largest UID, or 0 when empty.</summary>
    public uint Max => _ranges.Length == 0 ? 0 : _ranges[^1].End;

    public bool Contains(uint uid)
    {
        int lo = 0, hi = _ranges.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var r = _ranges[mid];
            if (uid < r.Start) hi = mid - 1;
            else if (uid > r.End) lo = mid + 1;
            else return true;
        }
        return false;
    }

    /// <summary>The elements of <paramref name="sortedUids"/> (ascending) that are in this set, ascending.</summary>
    public uint[] Intersect(IReadOnlyList<uint> sortedUids)
    {
        var result = new List<uint>();
        foreach (var r in _ranges)
        {
            int i = LowerBound(sortedUids, r.Start);
            for (; i < sortedUids.Count && sortedUids[i] <= r.End; i++) result.Add(sortedUids[i]);
        }
        return result.ToArray();
    }

    /// <summary>The UIDs in both sets.</summary>
    public UidSet Intersect(UidSet other)
    {
        var result = new List<UidRange>();
        int i = 0, j = 0;
        while (i < _ranges.Length && j < other._ranges.Length)
        {
            var a = _ranges[i];
            var b = other._ranges[j];
            uint start = Math.Max(a.Start, b.Start), end = Math.Min(a.End, b.End);
            if (start <= end) result.Add(new UidRange(start, end));
            if (a.End < b.End) i++; else j++;
        }
        return result.Count == 0 ? Empty : new UidSet(result.ToArray());
    }

    /// <summary>The UIDs in either set.</summary>
    public UidSet Union(UidSet other) =>
        other.IsEmpty ? this : IsEmpty ? other : FromRanges(_ranges.Concat(other._ranges));

    public static UidSet Single(uint uid) => FromRange(uid, uid);

    /// <summary>The range between two UIDs in either order.</summary>
    public static UidSet FromRange(uint first, uint last)
    {
        if (first == 0 || last == 0) throw new ArgumentOutOfRangeException(nameof(first), "UID 0 does not exist");
        return new UidSet([new UidRange(Math.Min(first, last), Math.Max(first, last))]);
    }

    /// <summary>Builds a set from UIDs in any order, duplicates allowed. UID 0 is a caller error.</summary>
    public static UidSet FromUids(IEnumerable<uint> uids)
    {
        var sorted = uids.ToArray();
        if (sorted.Length == 0) return Empty;
        Array.Sort(sorted);
        if (sorted[0] == 0) throw new ArgumentOutOfRangeException(nameof(uids), "UID 0 does not exist");
        var result = new List<UidRange>();
        uint start = sorted[0], end = sorted[0];
        for (int i = 1; i < sorted.Length; i++)
        {
            uint u = sorted[i];
            if (u <= end) continue;
            if (u == end + 1) { end = u; continue; }
            result.Add(new UidRange(start, end));
            start = end = u;
        }
        result.Add(new UidRange(start, end));
        return new UidSet(result.ToArray());
    }

    /// <summary>Builds a set from ranges in any order, overlapping or adjacent allowed.</summary>
    public static UidSet FromRanges(IEnumerable<UidRange> ranges)
    {
        var list = new List<UidRange>();
        foreach (var r in ranges)
        {
            uint s = Math.Min(r.Start, r.End), e = Math.Max(r.Start, r.End);
            if (s == 0) throw new ArgumentOutOfRangeException(nameof(ranges), "UID 0 does not exist");
            list.Add(new UidRange(s, e));
        }
        return Normalise(list);
    }

    /// <summary>
    /// Parses an IMAP sequence-set. <c>*</c> stands for <paramref name="max"/> (the highest UID in use);
    /// <c>a:b</c> and <c>b:a</c> are the same range. When <paramref name="max"/> is 0 (no message) a bare
    /// <c>*</c> adds nothing and <c>n:*</c> means <c>1:n</c>. Rejects 0, leading zeros, values over
    /// 4294967295, spaces and empty items.
    /// </summary>
    public static bool TryParse(string? text, uint max, out UidSet set)
    {
        set = Empty;
        if (string.IsNullOrEmpty(text)) return false;
        var ranges = new List<UidRange>();
        int pos = 0;
        while (true)
        {
            if (!TryNumber(text, ref pos, max, out uint first)) return false;
            uint last = first;
            if (pos < text.Length && text[pos] == ':')
            {
                pos++;
                if (!TryNumber(text, ref pos, max, out last)) return false;
            }
            uint s = Math.Min(first, last), e = Math.Max(first, last);
            if (e != 0) ranges.Add(new UidRange(Math.Max(s, 1u), e));
            if (pos == text.Length) break;
            if (text[pos] != ',') return false;
            pos++;
        }
        set = Normalise(ranges);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>, throwing <see cref="FormatException"/> on malformed input.</summary>
    public static UidSet Parse(string text, uint max) =>
        TryParse(text, max, out var set) ? set : throw new FormatException($"'{text}' is not a sequence set");

    /// <summary>The IMAP sequence-set form, e.g. <c>1:3,5</c>; empty string for the empty set.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var r in _ranges)
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(r.Start.ToString(CultureInfo.InvariantCulture));
            if (r.End != r.Start) sb.Append(':').Append(r.End.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public bool Equals(UidSet? other) => other is not null && _ranges.AsSpan().SequenceEqual(other._ranges);

    public override bool Equals(object? obj) => obj is UidSet other && Equals(other);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var r in _ranges) h.Add(r);
        return h.ToHashCode();
    }

    private static bool TryNumber(string text, ref int pos, uint max, out uint value)
    {
        value = 0;
        if (pos >= text.Length) return false;
        if (text[pos] == '*')
        {
            pos++;
            value = max;
            return true;
        }
        int start = pos;
        ulong v = 0;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            v = v * 10 + (ulong)(text[pos] - '0');
            if (v > uint.MaxValue) return false;
            pos++;
        }
        if (pos == start || text[start] == '0') return false;
        value = (uint)v;
        return true;
    }

    private static UidSet Normalise(List<UidRange> ranges)
    {
        if (ranges.Count == 0) return Empty;
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<UidRange>(ranges.Count);
        var cur = ranges[0];
        for (int i = 1; i < ranges.Count; i++)
        {
            var r = ranges[i];
            if ((ulong)r.Start <= (ulong)cur.End + 1) cur = new UidRange(cur.Start, Math.Max(cur.End, r.End));
            else
            {
                merged.Add(cur);
                cur = r;
            }
        }
        merged.Add(cur);
        return new UidSet(merged.ToArray());
    }

    private static int LowerBound(IReadOnlyList<uint> sorted, uint value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
