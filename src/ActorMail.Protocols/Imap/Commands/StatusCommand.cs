namespace ActorMail.Protocols.Imap.Commands;

/// <summary>STATUS mailbox (items) (RFC 9051 §6.3.11).</summary>
public sealed record StatusCommand(string Tag, string Mailbox, StatusItems Items) : ImapCommand(Tag)
{
    public override string Name => "STATUS";

    internal static StatusCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var mailbox = r.Mailbox();
        r.Space();
        var items = StatusItemsGrammar.ParseList(r);
        r.End();
        return new StatusCommand(tag, mailbox, items);
    }
}
