namespace ActorMail.Protocols.Imap.Commands;

/// <summary>CLOSE (RFC 9051 §6.4.1): silently expunges \Deleted messages unless read-only, then deselects.</summary>
public sealed record CloseCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "CLOSE";

    internal static CloseCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new CloseCommand(tag);
    }
}
