namespace ActorMail.Storage.Summaries;

/// <summary>
/// One address of an envelope field in the shape of IMAP's address structure (RFC 9051 §7.5.2):
/// display name, source route, local part, domain. A group is a start marker (local part = the group's
/// name, domain null), its members, then an end marker (all four null).
/// </summary>
/// <param name="Name">Display name as it stands in the header (RFC 2047 encoded where it is not ASCII), or null.</param>
/// <param name="Route">Obsolete source route (<c>@a,@b</c>), or null.</param>
/// <param name="Mailbox">Local part, or the group name in a group start marker.</param>
/// <param name="Host">Domain, or null in group markers.</param>
public sealed record SummaryAddress(string? Name, string? Route, string? Mailbox, string? Host)
{
    /// <summary>Marker that closes a group.</summary>
    public static SummaryAddress GroupEnd { get; } = new(null, null, null, null);

    /// <summary>Marker that opens the group <paramref name="name"/>.</summary>
    public static SummaryAddress GroupStart(string name) => new(null, null, name, null);

    /// <summary>Whether this is a group start marker.</summary>
    public bool IsGroupStart => Host is null && Mailbox is not null && Name is null && Route is null;

    /// <summary>Whether this is a group end marker.</summary>
    public bool IsGroupEnd => Host is null && Mailbox is null && Name is null && Route is null;
}
