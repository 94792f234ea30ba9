using ActorMail.Storage.Persistence;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace ActorMail.TestSupport;

/// <summary>
/// A temp folder holding one SQLite journal file, and the actor systems run on it one after the other.
/// Systems are configured like the host's tool mode (NodeRuntime.BuildConfig with RuntimeMode.Tool):
/// local provider, the SQL journal and snapshot store with the plugin defaults, the given serializers;
/// only the host's Serilog logger is left out (the TestKit's logger takes its place).
/// </summary>
public class SqliteActorNode : IDisposable
{
    private readonly List<ActorSystem> _systems = [];

    /// <param name="folderPrefix">prefix of the temp folder's name</param>
    /// <param name="serializerHocons">the HOCON of each serializer the systems need</param>
    public SqliteActorNode(string folderPrefix, params string[] serializerHocons)
    {
        Folder = Directory.CreateTempSubdirectory(folderPrefix).FullName;
        ConnectionString = $"Data Source={Path.Combine(Folder, "actormail.db")}";
        SqliteDatabase.EnsureCreated(ConnectionString);
        var config = ConfigurationFactory.ParseString("""
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
            .WithFallback(ConfigurationFactory.ParseString(PersistenceHocon.Build(StoreProvider.Sqlite, ConnectionString)));
        foreach (var hocon in serializerHocons) config = config.WithFallback(ConfigurationFactory.ParseString(hocon));
        Config = config.WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    /// <summary>The configuration every system on this file gets.</summary>
    public Config Config { get; }

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

    /// <summary>Runs SQL on the journal's database file and returns the first value it yields.</summary>
    public long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (n, v) in parameters) command.Parameters.AddWithValue(n, v);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
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
        GC.SuppressFinalize(this);
    }
}
