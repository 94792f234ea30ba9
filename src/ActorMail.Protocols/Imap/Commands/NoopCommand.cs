namespace ActorMail.Protocols.Imap.Commands;

/// <summary>NOOP (RFC 9051 §6.1.2): also a chance to send pending updates.</summary>
public sealed record NoopCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "NOOP";

    internal static NoopCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new NoopCommand(tag);
    }
}
