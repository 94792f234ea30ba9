namespace ActorMail.Storage.Summaries;

/// <summary>
/// One MIME part as IMAP BODYSTRUCTURE and BODY[section] need it. Offsets are byte positions in the
/// blob: <see cref="HeaderStart"/> where the part's header begins, <see cref="BodyStart"/> just after the
/// blank line ending it, <see cref="End"/> where the body ends (before the CRLF that precedes a boundary).
/// </summary>
public sealed record BodyPartSummary
{
    /// <summary>Media type, e.g. <c>text</c>.</summary>
    public required string MediaType { get; init; }

    /// <summary>Media subtype, e.g. <c>plain</c>.</summary>
    public required string MediaSubtype { get; init; }

    /// <summary>Content-Type parameters in header order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    public string? ContentId { get; init; }

    public string? ContentDescription { get; init; }

    /// <summary>Content-Transfer-Encoding as written, or null when absent (7BIT by default).</summary>
    public string? ContentTransferEncoding { get; init; }

    /// <summary>Body size in octets, in its transfer encoding.</summary>
    public long Size { get; init; }

    /// <summary>Body size in lines; set for text/* and message/rfc822 parts only.</summary>
    public long? Lines { get; init; }

    public string? ContentMd5 { get; init; }

    /// <summary>Disposition type (e.g. <c>attachment</c>), or null without a Content-Disposition.</summary>
    public string? Disposition { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> DispositionParameters { get; init; } = [];

    /// <summary>Content-Language tags.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    public string? Location { get; init; }

    public long HeaderStart { get; init; }

    public long BodyStart { get; init; }

    public long End { get; init; }

    /// <summary>Sub-parts of a multipart, in order; empty otherwise.</summary>
    public IReadOnlyList<BodyPartSummary> Children { get; init; } = [];

    /// <summary>For message/rfc822: the enclosed message's envelope.</summary>
    public MessageEnvelope? Envelope { get; init; }

    /// <summary>For message/rfc822: the enclosed message's top-level part (its header is the message header).</summary>
    public BodyPartSummary? Message { get; init; }

    /// <summary>Whether this part is a multipart.</summary>
    public bool IsMultipart => string.Equals(MediaType, "multipart", StringComparison.OrdinalIgnoreCase);
}
