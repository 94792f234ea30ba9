namespace ActorMail.Protocols.Imap.Commands;

/// <summary>EXPUNGE (RFC 9051 §6.4.3), or UID EXPUNGE set (RFC 4315 §2.1) when <see cref="Uids"/> is set.</summary>
public sealed record ExpungeCommand(string Tag, ImapSequenceSet? Uids) : ImapCommand(Tag)
{
    public override string Name => Uids is null ? "EXPUNGE" : "UID EXPUNGE";

    internal static ExpungeCommand Parse(string tag, ImapReader r, bool uid)
    {
        ImapSequenceSet? set = null;
        if (uid)
        {
            r.Space();
            set = r.SequenceSet();
        }
        r.End();
        return new ExpungeCommand(tag, set);
    }
}
