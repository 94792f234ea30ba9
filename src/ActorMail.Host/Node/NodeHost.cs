using System.Net;
using ActorMail.Accounts.Authentication;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery.Outbound;
using ActorMail.Sessions;
using ActorMail.Sessions.Common;
using ActorMail.Transport;
using ActorMail.Transport.Tls;
using Serilog;

namespace ActorMail.Host.Node;

/// <summary>
/// A started node: the runtime (actors, stores), the services sessions share, and the protocol
/// listeners. `actormail run` and the integration tests start nodes through this one class.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    public NodeRuntime Runtime { get; }
    public SessionServices Services { get; }
    public PasswordHasher Hasher { get; }
    public LoginCache LoginCache { get; }
    private readonly TransportServer? _transport;

    /// <summary>Bound address of each listener by name (smtp, submission, smtps, imap, imaps, pop3, pop3s).</summary>
    public IReadOnlyDictionary<string, IPEndPoint> Endpoints { get; }

    private NodeHost(NodeRuntime runtime, SessionServices services, PasswordHasher hasher, LoginCache cache, TransportServer? transport, IReadOnlyDictionary<string, IPEndPoint> endpoints)
    {
        Runtime = runtime;
        Services = services;
        Hasher = hasher;
        LoginCache = cache;
        _transport = transport;
        Endpoints = endpoints;
    }

    public static async Task<NodeHost> StartAsync(ActorMailSettings settings, RuntimeMode mode, CancellationToken ct, PasswordHasher? hasher = null)
    {
        var log = Log.ForContext<NodeHost>();
        var certificate = CertificateStore.LoadOrCreate(settings.Tls.CertificatePath, settings.Tls.PrivateKeyPath ?? settings.Tls.CertificatePath,
            createIfMissing: settings.Tls.IsDefaultCertificate);
        log.Information("TLS certificate {Subject} from {Path}", certificate.Subject, settings.Tls.CertificatePath);
        var runtime = await NodeRuntime.StartAsync(mode, settings, SystemClock.Instance, ct).ConfigureAwait(false);
        try
        {
            await runtime.SeedDomainsAsync(settings).ConfigureAwait(false);
            hasher ??= new PasswordHasher();
            var cache = new LoginCache(settings.Auth.CacheTtl);
            var view = await DirectoryView.StartAsync(runtime.System, runtime.Directory, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var authenticator = new Authenticator(() => view.Current, hasher, cache,
                new FailureTracker(settings.Auth.MaxFailuresPerIp, settings.Auth.FailureWindow),
                new AuthOptions(settings.Auth.FailureDelay, settings.Auth.MaxFailuresPerIp, settings.Auth.FailureWindow, settings.Auth.CacheTtl));
            var services = new SessionServices(settings, settings.Delivery.HeloName, view, authenticator, runtime.Blobs, runtime.Summaries,
                runtime.Ingest, runtime.Mailboxes, runtime.Queue, certificate, SystemClock.Instance);
            if (mode == RuntimeMode.Node)
                runtime.System.ActorOf(DeliveryCoordinator.Props(OutboundOptions.From(settings), runtime.Queue, runtime.Ingest, runtime.Blobs,
                    () => view.Current, SystemClock.Instance, runtime.Summaries), "delivery");
            var listeners = ProtocolServers.All().SelectMany(p => p.CreateListeners(runtime.System, services)).ToList();
            TransportServer? transport = null;
            var endpoints = new Dictionary<string, IPEndPoint>(StringComparer.Ordinal);
            if (listeners.Count > 0)
            {
                transport = new TransportServer(Log.Logger);
                await transport.StartAsync(listeners).ConfigureAwait(false);
                for (int i = 0; i < listeners.Count; i++)
                {
                    var bound = transport.BoundEndPoints[i];
                    endpoints[listeners[i].Options.Name] = bound; // the transport logs each listener once
                }
            }
            return new NodeHost(runtime, services, hasher, cache, transport, endpoints);
        }
        catch
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transport is not null) await _transport.DisposeAsync().ConfigureAwait(false);
        await Runtime.DisposeAsync().ConfigureAwait(false);
    }
}
