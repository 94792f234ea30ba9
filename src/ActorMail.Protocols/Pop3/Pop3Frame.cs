namespace ActorMail.Protocols.Pop3;

/// <summary>One frame read by <see cref="Pop3LineReceiver"/>.</summary>
/// <param name="Kind">What the line is.</param>
/// <param name="Text">The line decoded as UTF-8 without CRLF; empty for <see cref="Pop3FrameKind.LineTooLong"/> and <see cref="Pop3FrameKind.AuthCancelled"/>.</param>
public readonly record struct Pop3Frame(Pop3FrameKind Kind, string Text)
{
    /// <summary>Never shows the text: an AUTH response or a PASS line carries credentials.</summary>
    public override string ToString() => $"{Kind} ({Text.Length} chars)";
}
