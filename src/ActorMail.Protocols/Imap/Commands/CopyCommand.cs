namespace ActorMail.Protocols.Imap.Commands;

/// <summary>COPY / UID COPY set mailbox (RFC 9051 §6.4.7).</summary>
public sealed record CopyCommand(string Tag, bool IsUid, ImapSequenceSet Set, string Mailbox) : ImapCommand(Tag)
{
    public override string Name => IsUid ? "UID COPY" : "COPY";

    internal static CopyCommand Parse(string tag, ImapReader r, bool uid)
    {
        r.Space();
        var set = r.SequenceSet();
        r.Space();
        var mailbox = r.Mailbox();
        r.End();
        return new CopyCommand(tag, uid, set, mailbox);
    }
}
