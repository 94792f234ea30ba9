using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using ActorMail.Storage.Persistence;

namespace ActorMail.Storage.Tests.Persistence;

public sealed class SqlPersistenceSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly TempFolder folder;
    private readonly string connectionString;
    private readonly Config config;

    public SqlPersistenceSpec()
        : this(new TempFolder())
    {
    }

    private SqlPersistenceSpec(TempFolder folder)
        : this(folder, $"Data Source={folder.Combine("data/actormail.db")}")
    {
    }

    private SqlPersistenceSpec(TempFolder folder, string connectionString)
        : this(folder, connectionString, Prepare(connectionString))
    {
    }

    private SqlPersistenceSpec(TempFolder folder, string connectionString, Config config)
        : base(config, "sql-persistence-first")
    {
        this.folder = folder;
        this.connectionString = connectionString;
        this.config = config;
    }

    private static Config Prepare(string connectionString)
    {
        SqliteDatabase.EnsureCreated(connectionString);
        return PersistenceHocon.Config(StoreProvider.Sqlite, connectionString);
    }

    [Fact]
    public async Task Journal_should_give_a_new_actor_system_the_events_of_the_previous_one()
    {
        var statements = new ConcurrentQueue<string>();
        SqlTrace.Enable(statements.Enqueue);
        try
        {
            var ledger = Sys.ActorOf(Ledger.Props("ledger-4711"));
            foreach (var item in new[] { "one", "two", "three" })
            {
                ledger.Tell(new Ledger.Add(item), TestActor);
                Assert.Equal(item, (await ExpectMsgAsync<Ledger.Added>(TimeSpan.FromSeconds(10))).Item);
            }

            await Sys.Terminate();

            using var second = ActorSystem.Create("sql-persistence-second", config);
            try
            {
                var recovered = second.ActorOf(Ledger.Props("ledger-4711"));
                var items = await recovered.Ask<string[]>(Ledger.Get.Instance, TimeSpan.FromSeconds(10));
                Assert.Equal(["one", "two", "three"], items);
            }
            finally
            {
                await second.Terminate();
            }
        }
        finally
        {
            SqlTrace.Disable();
        }

        Assert.Equal("wal", SqliteDatabase.JournalMode(connectionString));
        Assert.Contains(statements, s => s.Contains("INSERT", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(statements, s => s.Contains("SELECT", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(statements, s => s.Contains("CREATE TABLE", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(statements, s => s.Contains("ledger-4711", StringComparison.Ordinal));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            folder.Dispose();
        }
    }
}
