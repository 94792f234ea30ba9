namespace ActorMail.Protocols.Smtp;

/// <summary>One unit the <see cref="SmtpReceiver"/> cut from the byte stream.</summary>
public abstract record SmtpFrame
{
    private SmtpFrame()
    {
    }

    /// <summary>A command line without its line ending (CRLF, or a tolerated bare LF).</summary>
    public sealed record CommandLine(string Line) : SmtpFrame
    {
        public override string ToString() => "CommandLine { Line = " + Redact(Line) + " }";
    }

    /// <summary>A command line was over the limit; it has been read to its end and discarded.</summary>
    public sealed record LineTooLong : SmtpFrame;

    /// <summary>One SASL response line (after a 334 challenge), without its line ending.</summary>
    public sealed record SaslResponse(string Line) : SmtpFrame
    {
        public override string ToString() => "SaslResponse { Line = *** }";
    }

    /// <summary>A SASL response line was over the limit; it has been read to its end and discarded.</summary>
    public sealed record SaslLineTooLong : SmtpFrame;

    /// <summary>
    /// The end of DATA (<c>CRLF.CRLF</c>). <paramref name="Size"/> counts the dot-unstuffed message.
    /// When <paramref name="TooBig"/> or <paramref name="LineLimitExceeded"/> is set the message was read to its end
    /// and what the sink holds is incomplete or must be refused.
    /// </summary>
    /// <param name="BareLineFeeds">LF bytes not preceded by CR (kept in the message, RFC 5321 §2.3.8).</param>
    /// <param name="BareCarriageReturns">CR bytes not followed by LF (kept in the message).</param>
    public sealed record DataComplete(long Size, bool TooBig, bool LineLimitExceeded, int BareLineFeeds, int BareCarriageReturns) : SmtpFrame
    {
        /// <summary>True when the message held a bare CR or LF.</summary>
        public bool HasBareLineEndings => BareLineFeeds > 0 || BareCarriageReturns > 0;
    }

    /// <summary>The end of one BDAT chunk of exactly <paramref name="ChunkSize"/> bytes (RFC 3030).</summary>
    /// <param name="TooBig">The chunk was over the remaining allowance; it was read and discarded.</param>
    public sealed record BdatComplete(long ChunkSize, bool Last, bool TooBig) : SmtpFrame;

    private static string Redact(string line)
    {
        if (!line.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase)) return line;
        var rest = line[5..].TrimStart();
        int sp = rest.IndexOf(' ');
        return sp < 0 ? line : "AUTH " + rest[..sp] + " ***";
    }
}
