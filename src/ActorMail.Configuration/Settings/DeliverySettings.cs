using System.Net;
using ActorMail.Core;

namespace ActorMail.Configuration;

/// <summary>Outbound delivery (<c>actormail.delivery</c>). Off-able parts are null when off.</summary>
public sealed record DeliverySettings
{
    public required int Workers { get; init; }
    /// <summary>EHLO name; derived from the host name when not configured.</summary>
    public required string HeloName { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required SmarthostSettings? Smarthost { get; init; }
    public required MailAddress? ForceSender { get; init; }
    /// <summary>0 = no limit.</summary>
    public required int RecipientsPerMessage { get; init; }
    public required ThrottleSettings Throttle { get; init; }
    public required RetrySettings Retry { get; init; }
    public required TimeSpan GiveUpAfter { get; init; }
    /// <summary>Resolvers to ask; empty = the system's resolvers.</summary>
    public required IReadOnlyList<IPEndPoint> DnsServers { get; init; }
    public required int RemotePort { get; init; }
    public required DkimSettings? Dkim { get; init; }
    public required SmimeSettings? Smime { get; init; }
}
