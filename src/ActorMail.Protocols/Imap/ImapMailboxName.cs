namespace ActorMail.Protocols.Imap;

/// <summary>Rules for mailbox names: hierarchy separator "/", INBOX case-insensitive, safe names for CREATE/RENAME.</summary>
public static class ImapMailboxName
{
    /// <summary>The hierarchy delimiter.</summary>
    public const char Separator = '/';

    /// <summary>Longest name, in UTF-16 code units.</summary>
    public const int MaxLength = 255;

    /// <summary>"INBOX" in any case (and as the first segment of a child name) becomes "INBOX".</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length >= 5 && name.AsSpan(0, 5).Equals("INBOX", StringComparison.OrdinalIgnoreCase)
            && (name.Length == 5 || name[5] == Separator) && !name.StartsWith("INBOX", StringComparison.Ordinal))
            return string.Concat("INBOX", name.AsSpan(5));
        return name;
    }

    /// <summary>
    /// Checks a name a client wants to create (CREATE, RENAME target): not empty nor too long, no empty
    /// segment (leading, trailing or doubled "/"), no "." or ".." segment, no control character, no wildcard.
    /// </summary>
    /// <returns>Null when the name is acceptable, else a short reason for a <c>NO [CANNOT]</c>.</returns>
    public static string? CheckNewName(string name)
    {
        if (string.IsNullOrEmpty(name)) return "Empty mailbox name";
        if (name.Length > MaxLength) return "Mailbox name too long";
        foreach (char c in name)
        {
            if (char.IsControl(c)) return "Control character in mailbox name";
            if (c is '*' or '%') return "Wildcard in mailbox name";
        }
        foreach (var segment in name.Split(Separator))
        {
            if (segment.Length == 0) return "Empty hierarchy level in mailbox name";
            if (segment is "." or "..") return "Relative hierarchy level in mailbox name";
        }
        return null;
    }
}
