namespace ActorMail.Storage.Summaries;

/// <summary>
/// Everything IMAP FETCH needs about a stored message, computed once from its blob so that reads never
/// parse MIME again: size, where the top header ends, envelope and the MIME part tree with byte offsets.
/// Shared by every recipient of the same blob.
/// </summary>
/// <param name="Size">Total size of the message in octets.</param>
/// <param name="BodyOffset">Offset just after the blank line that ends the top header block (0 when none was found).</param>
/// <param name="Envelope">Envelope fields of the top-level message.</param>
/// <param name="Body">Top-level MIME part (its header is the message header).</param>
public sealed record MessageSummary(long Size, long BodyOffset, MessageEnvelope Envelope, BodyPartSummary Body)
{
    /// <summary>Summarises a message; never throws on malformed input.</summary>
    public static MessageSummary Compute(Stream message) => SummaryBuilder.Build(message);

    /// <summary>Summarises a message held in memory; never throws on malformed input.</summary>
    public static MessageSummary Compute(ReadOnlyMemory<byte> message) => SummaryBuilder.Build(message);

    /// <summary>Compact binary form, for the summary cache.</summary>
    public byte[] Serialize() => SummaryCodec.Encode(this);

    /// <summary>Reads the form written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The data is not a summary of a known version.</exception>
    public static MessageSummary Deserialize(ReadOnlySpan<byte> data) => SummaryCodec.Decode(data);
}
