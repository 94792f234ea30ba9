namespace ActorMail.Protocols.Imap.Commands;

/// <summary>MOVE / UID MOVE set mailbox (RFC 6851 ).</summary>
public sealed record MoveCommand(string Tag, bool IsUid, ImapSequenceSet Set, string Mailbox) : ImapCommand(Tag)
{
    public override string Name => IsUid ? "UID MOVE" : "MOVE";

    internal static MoveCommand Parse(string tag, ImapReader r, bool uid)
    {
        r.Space();
        var set = r.SequenceSet();
        r.Space();
        var mailbox = r.Mailbox();
        r.End();
        return new MoveCommand(tag, uid, set, mailbox);
    }
}
