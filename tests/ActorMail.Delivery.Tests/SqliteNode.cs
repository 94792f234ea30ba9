using ActorMail.Accounts.Serialization;
using ActorMail.Mailboxes.Store.Serialization;
using ActorMail.Storage.Persistence;
using Akka.Actor;
using Akka.Configuration;

namespace ActorMail.Delivery.Tests;

/// <summary>
/// A temp folder holding one SQLite journal file, and the actor systems run on it one after the other.
/// Systems are configured like the host's tool mode (NodeRuntime.BuildConfig with RuntimeMode.Tool):
/// local provider, the SQL journal and snapshot store with the plugin defaults, the directory,
/// mailbox and delivery serializers; only the host's Serilog logger is left out (the TestKit's logger takes its place).
/// </summary>
internal sealed class SqliteNode : IDisposable
{
    private readonly List<ActorSystem> _systems = [];

    public SqliteNode()
    {
        Folder = Directory.CreateTempSubdirectory("actormail-delivery-").FullName;
        ConnectionString = $"Data Source={Path.Combine(Folder, "actormail.db")}";
        SqliteDatabase.EnsureCreated(ConnectionString);
        Config = BuildConfig(ConnectionString);
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    /// <summary>The configuration every system on this file gets.</summary>
    public Config Config { get; }

    public static Config BuildConfig(string connectionString) =>
        ConfigurationFactory.ParseString("""
            akka.actor.provider = local
            akka {
              loglevel = WARNING
              stdout-loglevel = WARNING
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              persistence.max-concurrent-recoveries = 1000
              coordinated-shutdown.run-by-clr-shutdown-hook = off
              coordinated-shutdown.exit-clr = off
            }
            """)
            .WithFallback(ConfigurationFactory.ParseString(PersistenceHocon.Build(StoreProvider.Sqlite, connectionString)))
            .WithFallback(ConfigurationFactory.ParseString(DirectorySerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(MailboxSerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(DeliverySerializer.Hocon))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);

    /// <summary>Starts a new system on the file (TestKit defaults included, so probes work in it).</summary>
    public ActorSystem Start(string name)
    {
        var system = ActorSystem.Create(name, Config.WithFallback(Akka.TestKit.TestKitBase.DefaultConfig));
        _systems.Add(system);
        return system;
    }

    /// <summary>Terminates <paramref name="running"/> (waiting for it) and starts a new system on the same file.</summary>
    public async Task<ActorSystem> RestartAsync(ActorSystem running, string name)
    {
        await running.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
        return Start(name);
    }

    public void Dispose()
    {
        foreach (var system in _systems) system.Terminate().Wait(TimeSpan.FromSeconds(20));
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still open; the OS temp cleaner takes it.
        }
    }
}
