namespace ActorMail.Protocols.Imap;

/// <summary>Input limits of the IMAP receiver and parser.</summary>
/// <param name="MaxLineLength">Longest command line (between literals), CRLF excluded.</param>
/// <param name="MaxLiteralSize">Largest literal of any command but APPEND's message literals.</param>
/// <param name="AppendLimit">Largest APPEND message (RFC 7889 APPENDLIMIT); 0 forbids APPEND.</param>
/// <param name="MaxCommandSize">Largest command: all lines plus in-memory literals.</param>
/// <param name="MaxNesting">Deepest parenthesis / search-key nesting.</param>
public sealed record ImapLimits(
    int MaxLineLength = 64 * 1024,
    int MaxLiteralSize = 64 * 1024,
    long AppendLimit = 100L * 1024 * 1024,
    int MaxCommandSize = 256 * 1024,
    int MaxNesting = 32)
{
    /// <summary>Longest accepted tag.</summary>
    public const int MaxTagLength = 64;

    /// <summary>The documented defaults.</summary>
    public static ImapLimits Default { get; } = new();
}
