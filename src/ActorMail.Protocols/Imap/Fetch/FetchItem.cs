using System.Globalization;

namespace ActorMail.Protocols.Imap.Fetch;

/// <summary>Fetch attributes (RFC 9051 §6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ).</summary>
public enum FetchItemKind
{
    Flags,
    InternalDate,
    Rfc822Size,
    Envelope,

    /// <summary>BODY without a section: the non-extensible BODYSTRUCTURE.</summary>
    Body,
    BodyStructure,
    Uid,
    ModSeq,
    Rfc822,
    Rfc822Header,
    Rfc822Text,

    /// <summary>BODY[section]&lt;partial&gt; or BODY.PEEK[...].</summary>
    BodySection,

    /// <summary>BINARY[part]&lt;partial&gt; or BINARY.PEEK[...].</summary>
    Binary,

    /// <summary>BINARY.SIZE[part].</summary>
    BinarySize,
}

/// <summary>A byte range of a fetched section: <c>&lt;offset.length&gt;</c>.</summary>
public sealed record FetchPartial(uint Offset, uint Length);

/// <summary>One requested fetch attribute.</summary>
/// <param name="Section">For BODY[...] and BINARY[...] (BINARY uses only <see cref="BodySection.Part"/>).</param>
/// <param name="Peek">BODY.PEEK / BINARY.PEEK: do not set \Seen.</param>
public sealed record FetchItem(FetchItemKind Kind, BodySection? Section = null, bool Peek = false, FetchPartial? Partial = null)
{
    /// <summary>
    /// The item's name in the FETCH response, e.g. <c>BODY[HEADER]&lt;0&gt;</c> (PEEK dropped, partial reduced to its origin).
    /// </summary>
    public string ResponseName => Kind switch
    {
        FetchItemKind.Flags => "FLAGS",
        FetchItemKind.InternalDate => "INTERNALDATE",
        FetchItemKind.Rfc822Size => "RFC822.SIZE",
        FetchItemKind.Envelope => "ENVELOPE",
        FetchItemKind.Body => "BODY",
        FetchItemKind.BodyStructure => "BODYSTRUCTURE",
        FetchItemKind.Uid => "UID",
        FetchItemKind.ModSeq => "MODSEQ",
        FetchItemKind.Rfc822 => "RFC822",
        FetchItemKind.Rfc822Header => "RFC822.HEADER",
        FetchItemKind.Rfc822Text => "RFC822.TEXT",
        FetchItemKind.BodySection => $"BODY[{Section}]{Origin}",
        FetchItemKind.Binary => $"BINARY[{Section}]{Origin}",
        _ => $"BINARY.SIZE[{Section}]",
    };

    /// <summary>Whether fetching this item sets \Seen (RFC 9051 §6.4.5).</summary>
    public bool SetsSeen => !Peek && Kind is FetchItemKind.BodySection or FetchItemKind.Binary or FetchItemKind.Rfc822 or FetchItemKind.Rfc822Text;

    private string Origin => Partial is null ? "" : "<" + Partial.Offset.ToString(CultureInfo.InvariantCulture) + ">";
}
