using System.Security.Authentication;
using ActorMail.Configuration;
using ActorMail.Core;

namespace ActorMail.Delivery.Outbound;

/// <summary>What outbound delivery needs of the settings, plus the node-internal pacing knobs.</summary>
public sealed record OutboundOptions(
    DeliverySettings Delivery,
    SslProtocols MaxTlsOutbound,
    MailAddress Postmaster,
    string PrimaryDomain,
    Configuration.ConnectionMode Connection)
{
    /// <summary>How often the coordinator looks for due messages without being told.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An open connection to a remote host is closed after this long unused.</summary>
    public TimeSpan IdleConnection { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most open connections one worker keeps for reuse.</summary>
    public int MaxCachedConnections { get; init; } = 8;

    public static OutboundOptions From(ActorMailSettings s) =>
        new(s.Delivery, s.Tls.MaxVersionOutbound, s.Postmaster, s.Domains.Primary, s.Connection);

    /// <summary>The protocols offered to remote servers: TLS 1.2 up to the configured maximum.</summary>
    public SslProtocols SslProtocols =>
        MaxTlsOutbound.HasFlag(SslProtocols.Tls13) ? SslProtocols.Tls12 | SslProtocols.Tls13 : SslProtocols.Tls12;
}

/// <summary>A relay to send through instead of MX lookup (global or per account).</summary>
public sealed record SmarthostRoute(string Host, int Port, SmarthostTls Tls, string? Username, string? Password)
{
    public static SmarthostRoute From(SmarthostSettings s) => new(s.Host, s.Port, s.Tls, s.Username, s.Password);

    /// <summary>A per-account relay: STARTTLS when the relay offers it.</summary>
    public static SmarthostRoute From(Accounts.SmarthostSettings s) => new(s.Host, s.Port, SmarthostTls.StartTls, s.Username, s.Password)
    {
        Opportunistic = true,
    };

    /// <summary>True: STARTTLS only when offered (per-account relays, which have no TLS setting).</summary>
    public bool Opportunistic { get; init; }

    /// <summary>Never part of log output.</summary>
    public override string ToString() => $"{Host}:{Port}";
}
