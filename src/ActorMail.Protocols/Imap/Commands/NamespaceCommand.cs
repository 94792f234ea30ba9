namespace ActorMail.Protocols.Imap.Commands;

/// <summary>NAMESPACE (RFC 2342).</summary>
public sealed record NamespaceCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "NAMESPACE";

    internal static NamespaceCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new NamespaceCommand(tag);
    }
}
