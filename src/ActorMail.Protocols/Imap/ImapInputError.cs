namespace ActorMail.Protocols.Imap;

/// <summary>Framing failures reported by <see cref="ImapReceiver"/>.</summary>
public enum ImapInputError
{
    /// <summary>A line exceeded the line limit; it was drained.</summary>
    LineTooLong,

    /// <summary>The command's lines and literals together exceeded the command limit; the rest of the line was drained.</summary>
    CommandTooLong,

    /// <summary>A non-synchronising literal over the limit: its bytes cannot be refused, the connection must close.</summary>
    LiteralTooLarge,
}
