namespace ActorMail.Protocols.Imap.Commands;

/// <summary>LOGOUT (RFC 9051 §6.1.3).</summary>
public sealed record LogoutCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "LOGOUT";

    internal static LogoutCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new LogoutCommand(tag);
    }
}
