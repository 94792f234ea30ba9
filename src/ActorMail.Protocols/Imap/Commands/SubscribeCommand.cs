namespace ActorMail.Protocols.Imap.Commands;

/// <summary>SUBSCRIBE mailbox (RFC 9051 §6.3.7).</summary>
public sealed record SubscribeCommand(string Tag, string Mailbox) : ImapCommand(Tag)
{
    public override string Name => "SUBSCRIBE";

    internal static SubscribeCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var mailbox = r.Mailbox();
        r.End();
        return new SubscribeCommand(tag, mailbox);
    }
}
