using ActorMail.Protocols.Imap.Commands;

namespace ActorMail.Protocols.Imap;

/// <summary>
/// Parses a received <see cref="ImapFrame"/> into a command record. Never throws: malformed input gives
/// a result with the BAD text. Checks grammar only; the state table and the session check the rest.
/// </summary>
public static class ImapParser
{
    public static ImapParseResult Parse(ImapFrame frame, ImapParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        options ??= ImapParseOptions.Default;
        var first = frame.Lines[0];
        if (first.Length == 0) return ImapParseResult.Failure(null, ImapErrors.EmptyCommand);
        var tag = ImapGrammar.TryReadTag(first);
        if (tag is null) return ImapParseResult.Failure(null, ImapErrors.InvalidTag);
        var r = new ImapReader(frame, options);
        r.Skip(tag.Length + 1);
        if (!ImapGrammar.IsAtomChar(r.Peek())) return ImapParseResult.Failure(tag, ImapErrors.UnknownCommand);
        try
        {
            var name = r.Word();
            var command = name == "UID" ? ParseUid(tag, r) : ParseCommand(tag, name, r);
            return command is null ? ImapParseResult.Failure(tag, ImapErrors.UnknownCommand) : ImapParseResult.Success(command);
        }
        catch (ImapParseException e)
        {
            return ImapParseResult.Failure(tag, e.Message);
        }
    }

    private static ImapCommand? ParseCommand(string tag, string name, ImapReader r) => name switch
    {
        "CAPABILITY" => CapabilityCommand.Parse(tag, r),
        "NOOP" => NoopCommand.Parse(tag, r),
        "LOGOUT" => LogoutCommand.Parse(tag, r),
        "STARTTLS" => StartTlsCommand.Parse(tag, r),
        "AUTHENTICATE" => AuthenticateCommand.Parse(tag, r),
        "LOGIN" => LoginCommand.Parse(tag, r),
        "ID" => IdCommand.Parse(tag, r),
        "ENABLE" => EnableCommand.Parse(tag, r),
        "SELECT" => SelectCommand.Parse(tag, r, readOnly: false),
        "EXAMINE" => SelectCommand.Parse(tag, r, readOnly: true),
        "CREATE" => CreateCommand.Parse(tag, r),
        "DELETE" => DeleteCommand.Parse(tag, r),
        "RENAME" => RenameCommand.Parse(tag, r),
        "SUBSCRIBE" => SubscribeCommand.Parse(tag, r),
        "UNSUBSCRIBE" => UnsubscribeCommand.Parse(tag, r),
        "LIST" => ListCommand.Parse(tag, r),
        "LSUB" => LsubCommand.Parse(tag, r),
        "NAMESPACE" => NamespaceCommand.Parse(tag, r),
        "STATUS" => StatusCommand.Parse(tag, r),
        "APPEND" => AppendCommand.Parse(tag, r),
        "IDLE" => IdleCommand.Parse(tag, r),
        "CHECK" => CheckCommand.Parse(tag, r),
        "CLOSE" => CloseCommand.Parse(tag, r),
        "UNSELECT" => UnselectCommand.Parse(tag, r),
        "EXPUNGE" => ExpungeCommand.Parse(tag, r, uid: false),
        "SEARCH" => SearchCommand.Parse(tag, r, uid: false),
        "FETCH" => FetchCommand.Parse(tag, r, uid: false),
        "STORE" => StoreCommand.Parse(tag, r, uid: false),
        "COPY" => CopyCommand.Parse(tag, r, uid: false),
        "MOVE" => MoveCommand.Parse(tag, r, uid: false),
        _ => null,
    };

    private static ImapCommand? ParseUid(string tag, ImapReader r)
    {
        if (r.AtEnd) throw ImapReader.Error(ImapErrors.MissingArgument);
        r.Space();
        if (!ImapGrammar.IsAtomChar(r.Peek())) return null;
        return r.Word() switch
        {
            "FETCH" => FetchCommand.Parse(tag, r, uid: true),
            "STORE" => StoreCommand.Parse(tag, r, uid: true),
            "SEARCH" => SearchCommand.Parse(tag, r, uid: true),
            "COPY" => CopyCommand.Parse(tag, r, uid: true),
            "MOVE" => MoveCommand.Parse(tag, r, uid: true),
            "EXPUNGE" => ExpungeCommand.Parse(tag, r, uid: true),
            _ => null,
        };
    }
}
