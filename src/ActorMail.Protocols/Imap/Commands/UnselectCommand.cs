namespace ActorMail.Protocols.Imap.Commands;

/// <summary>UNSELECT (RFC 3691): deselects without expunging.</summary>
public sealed record UnselectCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "UNSELECT";

    internal static UnselectCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new UnselectCommand(tag);
    }
}
