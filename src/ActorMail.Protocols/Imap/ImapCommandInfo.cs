namespace ActorMail.Protocols.Imap;

/// <summary>What the session needs to know about a command before running it.</summary>
/// <param name="Name">Table name, e.g. <c>UID FETCH</c>.</param>
/// <param name="States">States in which the command is legal.</param>
/// <param name="UsesSequenceNumbers">Refers to messages by sequence number (RFC 9051 §5.5).</param>
/// <param name="BreaksSequenceNumbers">May expunge or change the selected mailbox, so numbers used by a later pipelined command are ambiguous.</param>
/// <param name="AllowsExpungeResponses">Untagged EXPUNGE may be sent while it runs (not during FETCH, STORE, SEARCH: RFC 9051 §7.5.1).</param>
public sealed record ImapCommandInfo(
    string Name,
    IReadOnlySet<ImapState> States,
    bool UsesSequenceNumbers,
    bool BreaksSequenceNumbers,
    bool AllowsExpungeResponses)
{
    public bool IsAllowedIn(ImapState state) => States.Contains(state);
}
