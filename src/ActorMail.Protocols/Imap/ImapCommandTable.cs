using System.Collections.Frozen;

namespace ActorMail.Protocols.Imap;

/// <summary>
/// Which command is legal in which state, and the RFC 9051 §5.5 pipelining facts of each command.
/// </summary>
public static class ImapCommandTable
{
    private static readonly ImapState[] Any = [ImapState.NotAuthenticated, ImapState.Authenticated, ImapState.Selected];
    private static readonly ImapState[] NotAuth = [ImapState.NotAuthenticated];
    private static readonly ImapState[] Auth = [ImapState.Authenticated, ImapState.Selected];
    private static readonly ImapState[] Sel = [ImapState.Selected];

    private static readonly FrozenDictionary<string, ImapCommandInfo> Table = new[]
    {
        Info("CAPABILITY", Any),
        Info("NOOP", Any),
        Info("LOGOUT", Any),
        Info("ID", Any),
        Info("STARTTLS", NotAuth),
        Info("AUTHENTICATE", NotAuth),
        Info("LOGIN", NotAuth),
        Info("ENABLE", Auth),
        Info("SELECT", Auth, breaks: true),
        Info("EXAMINE", Auth, breaks: true),
        Info("CREATE", Auth),
        Info("DELETE", Auth),
        Info("RENAME", Auth),
        Info("SUBSCRIBE", Auth),
        Info("UNSUBSCRIBE", Auth),
        Info("LIST", Auth),
        Info("LSUB", Auth),
        Info("NAMESPACE", Auth),
        Info("STATUS", Auth),
        Info("APPEND", Auth),
        Info("IDLE", Auth),
        Info("CHECK", Sel),
        Info("CLOSE", Sel, breaks: true),
        Info("UNSELECT", Sel, breaks: true),
        Info("EXPUNGE", Sel, breaks: true),
        Info("UID EXPUNGE", Sel, breaks: true),
        Info("SEARCH", Sel, usesNumbers: true, expungeResponses: false),
        Info("FETCH", Sel, usesNumbers: true, expungeResponses: false),
        Info("STORE", Sel, usesNumbers: true, expungeResponses: false),
        Info("COPY", Sel, usesNumbers: true),
        Info("MOVE", Sel, usesNumbers: true, breaks: true),
        Info("UID SEARCH", Sel),
        Info("UID FETCH", Sel),
        Info("UID STORE", Sel),
        Info("UID COPY", Sel),
        Info("UID MOVE", Sel, breaks: true),
    }.ToFrozenDictionary(i => i.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every command ActorMail knows.</summary>
    public static IReadOnlyCollection<ImapCommandInfo> All => Table.Values;

    /// <summary>The entry for a command name (e.g. <c>UID FETCH</c>), or null when unknown.</summary>
    public static ImapCommandInfo? Find(string name) => Table.GetValueOrDefault(name);

    /// <summary>The entry for a parsed command.</summary>
    public static ImapCommandInfo For(ImapCommand command) =>
        Table.TryGetValue(command.Name, out var info) ? info : throw new ArgumentException($"no table entry for {command.Name}", nameof(command));

    public static bool IsAllowed(string name, ImapState state) => Find(name)?.IsAllowedIn(state) == true;

    /// <summary>Null when the command is legal in <paramref name="state"/>, else the text of the BAD to answer.</summary>
    public static string? Check(string name, ImapState state)
    {
        var info = Find(name);
        if (info is null) return ImapErrors.UnknownCommand;
        if (info.IsAllowedIn(state)) return null;
        return state switch
        {
            ImapState.Logout => ImapErrors.LoggingOut,
            ImapState.NotAuthenticated => ImapErrors.NotAuthenticated,
            ImapState.Authenticated when info.IsAllowedIn(ImapState.Selected) => ImapErrors.NoMailboxSelected,
            _ => ImapErrors.AlreadyAuthenticated,
        };
    }

    /// <summary>
    /// Whether <paramref name="next"/>, pipelined behind <paramref name="running"/>, must wait for it to finish
    /// because its sequence numbers would be ambiguous (RFC 9051 §5.5).
    /// </summary>
    public static bool MustWait(ImapCommandInfo running, ImapCommandInfo next) =>
        (running.BreaksSequenceNumbers && next.UsesSequenceNumbers) || (running.UsesSequenceNumbers && next.BreaksSequenceNumbers);

    private static ImapCommandInfo Info(string name, ImapState[] states, bool usesNumbers = false, bool breaks = false, bool expungeResponses = true) =>
        new(name, states.ToFrozenSet(), usesNumbers, breaks, expungeResponses);
}
