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
    private NodeHost? _node;
    private AdminServer? _admin;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var log = Log.ForContext<NodeService>();
        log.Information("ActorMail starting; data folder {DataDir}", settings.DataDir);
        foreach (var w in warnings) log.Warning("{Warning}", w);
        if (settings.Log.Sql)
        {
            var sql = Log.ForContext(Serilog.Core.Constants.SourceContextPropertyName, LogSetup.SqlContext);
            SqlTrace.Enable(text => sql.Information("{Sql}", text));
        }
        _node = await NodeHost.StartAsync(settings, RuntimeMode.Node, cancellationToken).ConfigureAwait(false);
        var node = _node;
        _admin = new AdminServer(folder.AdminSocketPath, async request =>
            await new CommandDispatcher(node.Runtime, settings, node.Hasher, node.LoginCache).ExecuteAsync(request).ConfigureAwait(false));
        var state = node.Services.Directory.Current;
        log.Information("Local domains {Domains}; {Accounts} account(s)", state.Domains, state.Accounts.Count);
        if (state.Accounts.Count == 0)
            log.Information("No accounts yet. Add one with: actormail user add user@{Domain}", settings.Domains.Primary);
        log.Information("ActorMail node {NodeId} ready", node.Runtime.NodeId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.Information("ActorMail stopping");
        if (_admin is not null) await _admin.DisposeAsync().ConfigureAwait(false);
        if (_node is not null) await _node.DisposeAsync().ConfigureAwait(false);
        Log.Information("ActorMail stopped");
    }
}
