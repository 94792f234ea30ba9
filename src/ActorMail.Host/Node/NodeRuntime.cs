using ActorMail.Accounts;
using ActorMail.Accounts.Serialization;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Queue;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Mailboxes.Store.Serialization;
using ActorMail.Storage.Blobs;
using ActorMail.Storage.Summaries;
using ActorMail.Storage.Persistence;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;

namespace ActorMail.Host.Node;

/// <summary>How much of the node to start.</summary>
public enum RuntimeMode
{
    /// <summary>The full node: a one-node (or larger) cluster, mailbox entities behind Cluster.Sharding.</summary>
    Node,

    /// <summary>A CLI verb working on a stopped node's store: a local actor system, no remoting.</summary>
    Tool,
}

/// <summary>
/// The actor system and the long-lived actors of one process: account directory, mailbox entities,
/// outbound queue, ingest log, and the blob store they share.
/// </summary>
public sealed class NodeRuntime : IAsyncDisposable
{
    public ActorSystem System { get; }
    public IActorRef Directory { get; }
    public IActorRef Mailboxes { get; }
    public IActorRef Queue { get; }
    public IActorRef Ingest { get; }
    public SegmentBlobStore Blobs { get; }

    /// <summary>What IMAP FETCH needs of each body, computed once per blob at delivery.</summary>
    public MessageSummaryCache Summaries { get; }

    public string NodeId { get; }

    private NodeRuntime(ActorSystem system, IActorRef directory, IActorRef mailboxes, IActorRef queue, IActorRef ingest, SegmentBlobStore blobs, MessageSummaryCache summaries, string nodeId)
    {
        Summaries = summaries;
        System = system;
        Directory = directory;
        Mailboxes = mailboxes;
        Queue = queue;
        Ingest = ingest;
        Blobs = blobs;
        NodeId = nodeId;
    }

    public static Config BuildConfig(RuntimeMode mode, StoreProvider provider, string connectionString, string clusterHost, int clusterPort)
    {
        var akka = mode == RuntimeMode.Node
            ? $@"
akka.actor.provider = cluster
akka.remote.dot-netty.tcp {{ hostname = ""{clusterHost}"", port = {clusterPort} }}
akka.cluster {{
  min-nr-of-members = 1
  sharding {{ state-store-mode = ddata, remember-entities = off, passivate-idle-entity-after = off, retry-interval = 200ms }}
}}"
            : "akka.actor.provider = local";
        var common = @"
akka {
  # WARNING, not INFO: at shutdown Akka hands log events to its console logger at this level, and
  # INFO lines (""CoordinatedShutdown invoked"", ""Remoting shut down"") would land on stdout, in the
  # middle of a CLI verb's output. Serilog keeps Akka's events at Warning and above anyway.
  loglevel = WARNING
  stdout-loglevel = OFF
  loggers = [""Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog""]
  logger-formatter = ""Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog""
  log-dead-letters = off
  log-dead-letters-during-shutdown = off
  persistence.max-concurrent-recoveries = 1000
  coordinated-shutdown.run-by-clr-shutdown-hook = off
  coordinated-shutdown.exit-clr = off
}";
        var config = ConfigurationFactory.ParseString(akka)
            .WithFallback(ConfigurationFactory.ParseString(common))
            .WithFallback(ConfigurationFactory.ParseString(PersistenceHocon.Build(provider, connectionString)))
            .WithFallback(ConfigurationFactory.ParseString(DirectorySerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(MailboxSerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(DeliverySerializer.Hocon))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        if (mode == RuntimeMode.Node)
            config = config.WithFallback(ClusterSharding.DefaultConfig());
        return config;
    }

    public static Task<NodeRuntime> StartAsync(RuntimeMode mode, ActorMailSettings settings, IClock clock, CancellationToken ct) =>
        StartAsync(mode, settings.DataDir,
            settings.Storage.Provider == StorageProvider.PostgreSql ? StoreProvider.PostgreSql : StoreProvider.Sqlite,
            settings.Storage.ConnectionString, settings.Cluster.Hostname, settings.Cluster.Port, clock, ct, settings.Postmaster);

    /// <summary>Seeds actormail.domains.* into the directory (idempotent) and returns the directory's state.</summary>
    public async Task<DirectoryState> SeedDomainsAsync(ActorMailSettings settings)
    {
        var reply = await Directory.Ask<DirectoryReply>(new DirectoryCommands.SeedDomains(settings.Domains.Primary, settings.Domains.Additional), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (reply is DirectoryReply.Failed f) throw new InvalidOperationException("seeding the local domains failed: " + f.Error.Message);
        return await Directory.Ask<DirectoryState>(new DirectoryProtocol.GetSnapshot(), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    public static async Task<NodeRuntime> StartAsync(RuntimeMode mode, string dataDir, StoreProvider provider, string connectionString,
        string clusterHost, int clusterPort, IClock clock, CancellationToken ct, MailAddress? postmaster = null)
    {
        if (provider == StoreProvider.Sqlite) SqliteDatabase.EnsureCreated(connectionString);
        var nodeId = NodeIdentity.LoadOrCreate(dataDir);
        var blobs = SegmentBlobStore.Open(Path.Combine(dataDir, "blobs"));
        var summaries = new MessageSummaryCache(Path.Combine(dataDir, "cache"));
        var system = ActorSystem.Create("actormail", BuildConfig(mode, provider, connectionString, clusterHost, clusterPort));
        try
        {
            IActorRef mailboxes;
            if (mode == RuntimeMode.Node)
            {
                var cluster = Cluster.Get(system);
                var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                cluster.RegisterOnMemberUp(() => up.TrySetResult());
                cluster.Join(cluster.SelfAddress);
                await up.Task.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
                mailboxes = await ClusterSharding.Get(system).StartAsync(
                    "mailbox",
                    account => MailboxActor.Props(account, clock, TimeSpan.FromMinutes(2)),
                    ClusterShardingSettings.Create(system),
                    new MailboxMessageExtractor(100)).ConfigureAwait(false);
            }
            else
            {
                mailboxes = system.ActorOf(LocalMailboxRouter.Props(clock), "mailboxes");
            }
            var directory = system.ActorOf(Supervised(DirectoryActor.Props(clock, postmaster), "directory"), "directory");
            var queue = system.ActorOf(Supervised(OutboundQueueActor.Props(clock), "outbound-queue"), "outbound-queue");
            var ingest = system.ActorOf(Supervised(IngestLogActor.Props(nodeId, mailboxes, queue, clock), "ingest"), "ingest");
            return new NodeRuntime(system, directory, mailboxes, queue, ingest, blobs, summaries, nodeId);
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            summaries.Dispose();
            blobs.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until the ingest log has every accepted message in its mailboxes and the queue and has
    /// recorded that (settled), so that a short-lived CLI process leaves nothing to hand on again at the
    /// next start. The ingest log answers only after an in-flight write, so "nothing pending" means the
    /// settlement is on disk. Returns false when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> WaitUntilIngestSettledAsync(TimeSpan timeout)
    {
        var clock = global::System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var pending = await Ingest.Ask<PendingBlobs>(new GetPendingBlobs(), timeout).ConfigureAwait(false);
            if (pending.Blobs.Count == 0) return true;
            if (clock.Elapsed >= timeout) return false;
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A persistent actor whose journal failed stops; its supervisor starts it again after a short,
    /// growing pause (it recovers from the journal), instead of leaving the node without it.
    /// </summary>
    private static Props Supervised(Props child, string name) =>
        Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(child, name,
            TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2, -1));

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await System.WhenTerminated.ConfigureAwait(false);
        Summaries.Dispose();
        Blobs.Dispose();
    }
}

/// <summary>A stable identity of this data folder's node (names its ingest log).</summary>
public static class NodeIdentity
{
    public static string LoadOrCreate(string dataDir)
    {
        var path = Path.Combine(dataDir, "node-id");
        if (File.Exists(path))
        {
            var id = File.ReadAllText(path).Trim();
            if (id.Length > 0) return id;
        }
        var fresh = Guid.NewGuid().ToString("N")[..12];
        File.WriteAllText(path, fresh + "\n");
        return fresh;
    }
}
