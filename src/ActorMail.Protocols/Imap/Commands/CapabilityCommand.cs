namespace ActorMail.Protocols.Imap.Commands;

/// <summary>CAPABILITY (RFC 9051 §6.1.1).</summary>
public sealed record CapabilityCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "CAPABILITY";

    internal static CapabilityCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new CapabilityCommand(tag);
    }
}
