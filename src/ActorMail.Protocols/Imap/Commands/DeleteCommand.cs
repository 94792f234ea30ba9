namespace ActorMail.Protocols.Imap.Commands;

/// <summary>DELETE mailbox (RFC 9051 §6.3.5).</summary>
public sealed record DeleteCommand(string Tag, string Mailbox) : ImapCommand(Tag)
{
    public override string Name => "DELETE";

    internal static DeleteCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var mailbox = r.Mailbox();
        r.End();
        return new DeleteCommand(tag, mailbox);
    }
}
