namespace ActorMail.Protocols.Imap.Commands;

/// <summary>STARTTLS (RFC 9051 §6.2.1): bytes pipelined after it must be discarded.</summary>
public sealed record StartTlsCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "STARTTLS";

    internal static StartTlsCommand Parse(string tag, ImapReader r)
    {
        r.End();
        return new StartTlsCommand(tag);
    }
}
