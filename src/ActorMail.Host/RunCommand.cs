using ActorMail.Accounts.Authentication;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Host.Cli;
using ActorMail.Host.Node;
using ActorMail.Sessions;
using ActorMail.Sessions.Common;
using ActorMail.Storage.Persistence;
using ActorMail.Transport;
using ActorMail.Transport.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ActorMail.Host;

/// <summary>The `run` verb: the node in the foreground until SIGTERM or Ctrl+C.</summary>
public static class RunCommand
{
    public static async Task<int> ExecuteAsync(ActorMailSettings settings, IReadOnlyList<string> warnings)
    {
        var folder = new DataFolder(settings.DataDir);
        folder.EnsureWritable();
        using (folder)
        {
            folder.Lock();
            LogSetup.ConfigureForNode(settings);
            try
            {
                var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
                {
                    DisableDefaults = true,
                    ContentRootPath = settings.DataDir,
                    Args = Array.Empty<string>(),
                });
                builder.Services.AddSerilog(dispose: false);
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
                builder.Services.AddSingleton(settings);
                builder.Services.AddHostedService(_ => new NodeService(settings, folder, warnings));
                using var host = builder.Build();
                await host.RunAsync().ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (CliException e)
            {
                Log.Fatal("{Reason}", e.Message);
                throw;
            }
            catch (ListenerBindException e)
            {
                Log.Fatal("{Reason}", e.Message);
                throw new CliException(ExitCodes.OsError, e.Message);
            }
            finally
            {
                await Log.CloseAndFlushAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Starts and stops the node's parts in order.</summary>
internal sealed class NodeService(ActorMailSettings settings, DataFolder folder, IReadOnlyList<string> warnings) : IHostedService
{
    private NodeRuntime? _runtime;
    private AdminServer? _admin;
    private TransportServer? _transport;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var log = Log.ForContext<NodeService>();
        log.Information("ActorMail starting; data folder {DataDir}", settings.DataDir);
        foreach (var w in warnings) log.Warning("{Warning}", w);
        var certificate = CertificateStore.LoadOrCreate(settings.Tls.CertificatePath, settings.Tls.PrivateKeyPath ?? settings.Tls.CertificatePath, createIfMissing: settings.Tls.IsDefaultCertificate);
        log.Information("TLS certificate {Subject} from {Path}", certificate.Subject, settings.Tls.CertificatePath);
        if (settings.Log.Sql)
        {
            var sql = Log.ForContext(Serilog.Core.Constants.SourceContextPropertyName, LogSetup.SqlContext);
            SqlTrace.Enable(text => sql.Information("{Sql}", text));
        }
        _runtime = await NodeRuntime.StartAsync(RuntimeMode.Node, settings, SystemClock.Instance, cancellationToken).ConfigureAwait(false);
        var state = await _runtime.SeedDomainsAsync(settings).ConfigureAwait(false);
        var hasher = new PasswordHasher();
        var cache = new LoginCache(settings.Auth.CacheTtl);
        var view = await DirectoryView.StartAsync(_runtime.System, _runtime.Directory, TimeSpan.FromSeconds(30));
        var authenticator = new Authenticator(() => view.Current, hasher, cache,
            new FailureTracker(settings.Auth.MaxFailuresPerIp, settings.Auth.FailureWindow),
            new AuthOptions(settings.Auth.FailureDelay, settings.Auth.MaxFailuresPerIp, settings.Auth.FailureWindow, settings.Auth.CacheTtl));
        var services = new SessionServices(settings, settings.Delivery.HeloName, view, authenticator, _runtime.Blobs, _runtime.Summaries,
            _runtime.Ingest, _runtime.Mailboxes, _runtime.Queue, certificate, SystemClock.Instance);
        var listeners = ProtocolServers.All().SelectMany(p => p.CreateListeners(_runtime.System, services)).ToList();
        if (listeners.Count > 0)
        {
            _transport = new TransportServer(Log.Logger);
            await _transport.StartAsync(listeners);
            foreach (var (options, _) in listeners)
                log.Information("Listening for {Listener} on {EndPoint}{Tls}", options.Name, options.EndPoint, options.ImplicitTls ? " (TLS)" : "");
        }
        _admin = new AdminServer(folder.AdminSocketPath, async request =>
            await new CommandDispatcher(_runtime, settings, hasher, cache).ExecuteAsync(request).ConfigureAwait(false));
        log.Information("Local domains {Domains}; {Accounts} account(s)", state.Domains, state.Accounts.Count);
        if (state.Accounts.Count == 0)
            log.Information("No accounts yet. Add one with: actormail user add user@{Domain}", settings.Domains.Primary);
        log.Information("ActorMail node {NodeId} ready", _runtime.NodeId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.Information("ActorMail stopping");
        if (_transport is not null) await _transport.DisposeAsync().ConfigureAwait(false);
        if (_admin is not null) await _admin.DisposeAsync().ConfigureAwait(false);
        if (_runtime is not null) await _runtime.DisposeAsync().ConfigureAwait(false);
        Log.Information("ActorMail stopped");
    }
}
