namespace ActorMail.Core;

/// <summary>
/// Content address of a message body in the blob store: the SHA-256 of its bytes (lower-case hex)
/// and its length. Many mailbox entries (recipients, copies) share one blob.
/// </summary>
public readonly record struct BlobRef(string Hash, long Length)
{
    public override string ToString() => $"{Hash}:{Length}";

    public static BlobRef Parse(string text)
    {
        int colon = text.IndexOf(':');
        if (colon != 64) throw new FormatException($"'{text}' is not a blob reference");
        return new BlobRef(text[..colon], long.Parse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
