using ActorMail.Core;

namespace ActorMail.Protocols.Imap;

/// <summary>RFC 6154 attribute names of <see cref="SpecialUse"/>.</summary>
public static class SpecialUseNames
{
    /// <summary>The attribute with its backslash, e.g. <c>\Sent</c>; null for <see cref="SpecialUse.None"/>.</summary>
    public static string? ToAttribute(SpecialUse use) => use switch
    {
        SpecialUse.Sent => "\\Sent",
        SpecialUse.Drafts => "\\Drafts",
        SpecialUse.Trash => "\\Trash",
        SpecialUse.Junk => "\\Junk",
        SpecialUse.Archive => "\\Archive",
        SpecialUse.All => "\\All",
        SpecialUse.Flagged => "\\Flagged",
        _ => null,
    };

    /// <summary>The use named by <paramref name="name"/> (without backslash, any case), or None.</summary>
    public static SpecialUse Parse(string name) => name.ToUpperInvariant() switch
    {
        "SENT" => SpecialUse.Sent,
        "DRAFTS" => SpecialUse.Drafts,
        "TRASH" => SpecialUse.Trash,
        "JUNK" => SpecialUse.Junk,
        "ARCHIVE" => SpecialUse.Archive,
        "ALL" => SpecialUse.All,
        "FLAGGED" => SpecialUse.Flagged,
        _ => SpecialUse.None,
    };
}
