namespace ActorMail.Protocols.Imap.Commands;

/// <summary>QRESYNC parameters of SELECT/EXAMINE (RFC 7162 §3.2.5).</summary>
/// <param name="KnownUids">UIDs the client knows, if sent.</param>
/// <param name="KnownSequenceSet">seq-match-data: message numbers matched with <paramref name="KnownUidSet"/>.</param>
public sealed record QresyncParameters(
    uint UidValidity,
    ulong ModSeq,
    ImapSequenceSet? KnownUids,
    ImapSequenceSet? KnownSequenceSet,
    ImapSequenceSet? KnownUidSet);

/// <summary>
/// SELECT or EXAMINE mailbox [(CONDSTORE) / (QRESYNC (...))] (RFC 9051 §6.3.2-3, RFC 7162 §3.1.8, §3.2.5).
/// </summary>
public sealed record SelectCommand(string Tag, string Mailbox, bool ReadOnly, bool CondStore, QresyncParameters? Qresync) : ImapCommand(Tag)
{
    public override string Name => ReadOnly ? "EXAMINE" : "SELECT";

    internal static SelectCommand Parse(string tag, ImapReader r, bool readOnly)
    {
        r.Space();
        var mailbox = r.Mailbox();
        bool condStore = false;
        QresyncParameters? qresync = null;
        if (!r.AtEnd)
        {
            r.Space();
            r.Open();
            do
            {
                switch (r.Keyword())
                {
                    case "CONDSTORE":
                        condStore = true;
                        break;
                    case "QRESYNC" when qresync is null:
                        r.Space();
                        qresync = ParseQresync(r);
                        break;
                    default:
                        throw ImapReader.Error(ImapErrors.InvalidOption);
                }
            }
            while (r.TryConsume(' '));
            r.Close();
        }
        r.End();
        return new SelectCommand(tag, mailbox, readOnly, condStore, qresync);
    }

    private static QresyncParameters ParseQresync(ImapReader r)
    {
        r.Open();
        uint uidValidity = r.Number(nonZero: true);
        r.Space();
        ulong modSeq = r.Number64();
        if (modSeq == 0) throw ImapReader.Error(ImapErrors.InvalidNumber);
        ImapSequenceSet? known = null, seqs = null, uids = null;
        if (r.TryConsume(' '))
        {
            if (r.Peek() != '(')
            {
                known = r.SequenceSet();
                if (r.TryConsume(' ')) ParseMatch(r, out seqs, out uids);
            }
            else
            {
                ParseMatch(r, out seqs, out uids);
            }
        }
        r.Close();
        return new QresyncParameters(uidValidity, modSeq, known, seqs, uids);
    }

    private static void ParseMatch(ImapReader r, out ImapSequenceSet seqs, out ImapSequenceSet uids)
    {
        r.Open();
        seqs = r.SequenceSet();
        r.Space();
        uids = r.SequenceSet();
        r.Close();
    }
}
