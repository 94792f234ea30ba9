namespace ActorMail.Protocols.Imap.Commands;

/// <summary>RENAME existing new (RFC 9051 §6.3.6).</summary>
public sealed record RenameCommand(string Tag, string Mailbox, string NewName) : ImapCommand(Tag)
{
    public override string Name => "RENAME";

    internal static RenameCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var from = r.Mailbox();
        r.Space();
        var to = r.Mailbox();
        r.End();
        return new RenameCommand(tag, from, to);
    }
}
