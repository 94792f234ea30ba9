using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorMail.Transport.Access;

namespace ActorMail.Transport;

/// <summary>One listening socket.</summary>
/// <param name="Name">Listener name used in logs and errors, e.g. <c>smtp</c>.</param>
/// <param name="EndPoint">Address and port to bind; port 0 takes an ephemeral port.</param>
/// <param name="ImplicitTls">TLS from the first byte (ports 465, 993, 995).</param>
/// <param name="Certificate">Server certificate; required for implicit TLS and for STARTTLS.</param>
/// <param name="IdleTimeout">Time without input before <see cref="IConnectionSink.OnIdle"/>; zero or negative disables it.</param>
/// <param name="Access">Which remote addresses may connect.</param>
/// <param name="MaxConnectionsPerIp">Concurrent connections allowed per remote address; zero or negative means no limit.</param>
/// <param name="SettingsKeyForPort">Configuration key named in bind errors, e.g. <c>actormail.smtp.port</c>.</param>
/// <param name="LimitGroup">Listeners with the same group share one per-address counter; defaults to <paramref name="Name"/>.</param>
public sealed record ListenerOptions(
    string Name,
    IPEndPoint EndPoint,
    bool ImplicitTls,
    X509Certificate2? Certificate,
    TimeSpan IdleTimeout,
    AccessRules Access,
    int MaxConnectionsPerIp,
    string SettingsKeyForPort,
    string? LimitGroup = null);
