namespace ActorMail.Mailboxes.Store;

/// <summary>Rules for folder names: '/' separates levels; INBOX is case-insensitive (RFC 9051 §5.1).</summary>
public static class FolderNames
{
    public const char Separator = '/';
    public const int MaxLength = 512;
    public const int MaxDepth = 32;

    /// <summary>Upper-cases a first level equal to INBOX in any case; leaves everything else as is.</summary>
    public static string Normalize(string name)
    {
        int sep = name.IndexOf(Separator);
        var first = sep < 0 ? name : name[..sep];
        if (first.Length == 5 && !first.Equals(MailboxState.Inbox, StringComparison.Ordinal) &&
            first.Equals(MailboxState.Inbox, StringComparison.OrdinalIgnoreCase))
            return MailboxState.Inbox + name[5..];
        return name;
    }

    /// <summary>
    /// A name ActorMail can create: 1 to 512 characters, at most 32 levels, no empty, "." or ".." level
    /// (so no leading, trailing or doubled '/'), no control character, no '*' or '%'.
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
        int depth = 1, segmentStart = 0;
        for (int i = 0; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == Separator)
            {
                var segment = name.AsSpan(segmentStart, i - segmentStart);
                if (segment.Length == 0 || segment is "." || segment is "..") return false;
                if (i < name.Length && ++depth > MaxDepth) return false;
                segmentStart = i + 1;
                continue;
            }
            char c = name[i];
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '*' || c == '%') return false;
        }
        return true;
    }

    /// <summary>The parent name, or null for a top-level name.</summary>
    public static string? Parent(string name)
    {
        int sep = name.LastIndexOf(Separator);
        return sep < 0 ? null : name[..sep];
    }

    /// <summary>Whether <paramref name="name"/> lies below <paramref name="ancestor"/>.</summary>
    public static bool IsDescendant(string name, string ancestor) =>
        name.Length > ancestor.Length + 1 && name[ancestor.Length] == Separator &&
        name.StartsWith(ancestor, StringComparison.Ordinal);

    /// <summary>The names above <paramref name="name"/>, outermost first.</summary>
    public static IEnumerable<string> Ancestors(string name)
    {
        for (int i = name.IndexOf(Separator); i >= 0; i = name.IndexOf(Separator, i + 1))
            yield return name[..i];
    }
}
