namespace ActorMail.Protocols.Imap;

/// <summary>
/// The outcome of <see cref="ImapParser.Parse"/>: a command, or the text of the BAD to answer with the
/// tag (<c>*</c> when the tag itself could not be read).
/// </summary>
public sealed record ImapParseResult
{
    private ImapParseResult(ImapCommand? command, string? tag, string? error)
    {
        Command = command;
        Tag = tag;
        Error = error;
    }

    public ImapCommand? Command { get; }

    /// <summary>The command's tag, or null when it was missing or invalid.</summary>
    public string? Tag { get; }

    /// <summary>Text of the BAD response when parsing failed.</summary>
    public string? Error { get; }

    public bool IsSuccess => Command is not null;

    /// <summary>The BAD response line without CRLF, e.g. <c>A1 BAD Invalid sequence set</c>.</summary>
    public string? ErrorResponse => Error is null ? null : $"{Tag ?? "*"} BAD {Error}";

    public static ImapParseResult Success(ImapCommand command) => new(command, command.Tag, null);

    public static ImapParseResult Failure(string? tag, string error) => new(null, tag, error);
}
