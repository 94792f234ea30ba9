namespace ActorMail.Protocols.Imap.Commands;

/// <summary>CHECK (RFC 3501 §6.4.1): treated as NOOP.</summary>
public sealed record CheckCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "CHECK";

    internal static CheckCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new CheckCommand(tag);
    }
}
