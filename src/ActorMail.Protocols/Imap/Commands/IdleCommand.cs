namespace ActorMail.Protocols.Imap.Commands;

/// <summary>IDLE (RFC 2177): the session answers "+ idling" and waits for DONE.</summary>
public sealed record IdleCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "IDLE";

    internal static IdleCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new IdleCommand(tag);
    }
}
