namespace ActorMail.Protocols.Imap;

/// <summary>A parsed IMAP command; one record type per command under <c>Imap/Commands</c>.</summary>
public abstract record ImapCommand(string Tag)
{
    /// <summary>The name used by <see cref="ImapCommandTable"/>, e.g. <c>FETCH</c> or <c>UID FETCH</c>.</summary>
    public abstract string Name { get; }
}
