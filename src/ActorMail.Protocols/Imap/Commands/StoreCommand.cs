namespace ActorMail.Protocols.Imap.Commands;

/// <summary>How STORE changes the flags.</summary>
public enum StoreMode
{
    /// <summary>FLAGS: replace.</summary>
    Replace,

    /// <summary>+FLAGS: add.</summary>
    Add,

    /// <summary>-FLAGS: remove.</summary>
    Remove,
}

/// <summary>
/// STORE / UID STORE set [(UNCHANGEDSINCE n)] [+|-]FLAGS[.SILENT] flags (RFC 9051 §6.4.6, RFC 7162 §3.1.3).
/// </summary>
public sealed record StoreCommand(
    string Tag,
    bool IsUid,
    ImapSequenceSet Set,
    StoreMode Mode,
    bool Silent,
    ImapFlagList Flags,
    ulong? UnchangedSince) : ImapCommand(Tag)
{
    public override string Name => IsUid ? "UID STORE" : "STORE";

    internal static StoreCommand Parse(string tag, ImapReader r, bool uid)
    {
        r.Space();
        var set = r.SequenceSet();
        r.Space();
        ulong? unchangedSince = null;
        if (r.Peek() == '(')
        {
            r.Open();
            if (r.Keyword() != "UNCHANGEDSINCE") throw ImapReader.Error(ImapErrors.InvalidOption);
            r.Space();
            unchangedSince = r.Number64();
            r.Close();
            r.Space();
        }
        var mode = r.TryConsume('+') ? StoreMode.Add : r.TryConsume('-') ? StoreMode.Remove : StoreMode.Replace;
        bool silent = r.Word() switch
        {
            "FLAGS" => false,
            "FLAGS.SILENT" => true,
            _ => throw ImapReader.Error(ImapErrors.InvalidStoreAttribute),
        };
        r.Space();
        var flags = r.Peek() == '(' ? ImapFlagList.ParseList(r) : ImapFlagList.ParseFlags(r, untilParen: false);
        r.End();
        return new StoreCommand(tag, uid, set, mode, silent, flags, unchangedSince);
    }
}
