namespace ActorMail.Protocols.Imap.Commands;

/// <summary>LSUB reference pattern (RFC 3501 §6.3.9).</summary>
public sealed record LsubCommand(string Tag, string Reference, string Pattern) : ImapCommand(Tag)
{
    public override string Name => "LSUB";

    internal static LsubCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var reference = r.ListMailbox();
        r.Space();
        var pattern = r.ListMailbox();
        r.End();
        return new LsubCommand(tag, reference, pattern);
    }
}
