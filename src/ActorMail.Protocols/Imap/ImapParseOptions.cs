namespace ActorMail.Protocols.Imap;

/// <summary>Session facts the parser needs.</summary>
/// <param name="Utf8Accept">ENABLE UTF8=ACCEPT is in effect: mailbox names are UTF-8, not modified UTF-7 (RFC 6855).</param>
/// <param name="MaxNesting">Deepest parenthesis / search-key nesting.</param>
public sealed record ImapParseOptions(bool Utf8Accept = false, int MaxNesting = 32)
{
    public static ImapParseOptions Default { get; } = new();
}
