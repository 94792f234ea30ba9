namespace ActorMail.Mailboxes.Store;

/// <summary>IMAP keywords (RFC 9051 §2.3.2 flag-keyword = atom): validation and canonical sets.</summary>
public static class KeywordRules
{
    /// <summary>Distinct keywords one folder may define.</summary>
    public const int MaxPerFolder = 200;
    public const int MaxLength = 128;

    /// <summary>An atom: ASCII 0x21..0x7E without ( ) { % * " \ ].</summary>
    public static bool IsValid(string? keyword)
    {
        if (string.IsNullOrEmpty(keyword) || keyword.Length > MaxLength) return false;
        foreach (char c in keyword)
        {
            if (c <= 0x20 || c >= 0x7F) return false;
            if (c is '(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']') return false;
        }
        return true;
    }

    /// <summary>Sorts case-insensitively in place (keywords are unique ignoring case, so the order is total).</summary>
    internal static void Sort(string[] keywords) => Array.Sort(keywords, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Validates keywords and maps them to the folder's spelling; new ones are added to
    /// <paramref name="newKeywords"/> (case-insensitive set), which is checked against the folder's limit.
    /// <paramref name="result"/> is filled even when only the limit is exceeded.
    /// </summary>
    internal static MailboxError? Canonicalize(
        MailboxFolder folder, IEnumerable<string> keywords, HashSet<string> newKeywords, out string[] result)
    {
        result = [];
        var set = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var k in keywords)
        {
            if (!IsValid(k)) return MailboxError.InvalidKeyword;
            var canonical = folder.CanonicalKeyword(k);
            if (!folder.KeywordTable.ContainsKey(canonical))
            {
                if (newKeywords.TryGetValue(canonical, out var pending)) canonical = pending;
                else newKeywords.Add(canonical);
            }
            set.TryAdd(canonical, canonical);
        }
        if (set.Count > 0)
        {
            result = set.Values.ToArray();
            Sort(result);
        }
        return folder.KeywordTable.Count + newKeywords.Count > MaxPerFolder ? MailboxError.TooManyKeywords : null;
    }

    internal static string[] Union(string[] a, string[] b)
    {
        if (b.Length == 0) return a;
        if (a.Length == 0) return b;
        var set = new HashSet<string>(a, StringComparer.OrdinalIgnoreCase);
        var list = new List<string>(a);
        foreach (var k in b) if (set.Add(k)) list.Add(k);
        if (list.Count == a.Length) return a;
        var result = list.ToArray();
        Sort(result);
        return result;
    }

    internal static string[] Except(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0) return a;
        var remove = new HashSet<string>(b, StringComparer.OrdinalIgnoreCase);
        var result = a.Where(k => !remove.Contains(k)).ToArray();
        return result.Length == a.Length ? a : result;
    }

    internal static bool SameSet(string[] a, string[] b) =>
        ReferenceEquals(a, b) || a.AsSpan().SequenceEqual(b, StringComparer.Ordinal);
}
