namespace ActorMail.Protocols.Imap.Commands;

/// <summary>UNSUBSCRIBE mailbox (RFC 9051 §6.3.8).</summary>
public sealed record UnsubscribeCommand(string Tag, string Mailbox) : ImapCommand(Tag)
{
    public override string Name => "UNSUBSCRIBE";

    internal static UnsubscribeCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var mailbox = r.Mailbox();
        r.End();
        return new UnsubscribeCommand(tag, mailbox);
    }
}
