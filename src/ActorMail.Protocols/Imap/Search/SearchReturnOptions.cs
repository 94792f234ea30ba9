namespace ActorMail.Protocols.Imap.Search;

/// <summary>ESEARCH result options (RFC 4731 §3.1, SAVE from RFC 5182).</summary>
[Flags]
public enum SearchReturnOptions
{
    None = 0,
    Min = 1,
    Max = 2,
    All = 4,
    Count = 8,
    Save = 16,
}
