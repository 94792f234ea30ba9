namespace ActorMail.Protocols.Imap;

/// <summary>Attributes a STATUS (or LIST RETURN STATUS) asks for (RFC 9051 §6.3.11, RFC 7162, RFC 8438, RFC 7889).</summary>
[Flags]
public enum StatusItems
{
    None = 0,
    Messages = 1,
    Recent = 2,
    UidNext = 4,
    UidValidity = 8,
    Unseen = 16,
    HighestModSeq = 32,
    Size = 64,
    AppendLimit = 128,
    Deleted = 256,
}

/// <summary>Parsing of status-att lists.</summary>
internal static class StatusItemsGrammar
{
    /// <summary>"(" status-att *(SP status-att) ")".</summary>
    public static StatusItems ParseList(ImapReader r)
    {
        r.Open();
        var items = StatusItems.None;
        do
        {
            items |= r.Keyword() switch
            {
                "MESSAGES" => StatusItems.Messages,
                "RECENT" => StatusItems.Recent,
                "UIDNEXT" => StatusItems.UidNext,
                "UIDVALIDITY" => StatusItems.UidValidity,
                "UNSEEN" => StatusItems.Unseen,
                "HIGHESTMODSEQ" => StatusItems.HighestModSeq,
                "SIZE" => StatusItems.Size,
                "APPENDLIMIT" => StatusItems.AppendLimit,
                "DELETED" => StatusItems.Deleted,
                _ => throw ImapReader.Error(ImapErrors.InvalidStatusItem),
            };
        }
        while (r.TryConsume(' '));
        r.Close();
        return items;
    }
}
