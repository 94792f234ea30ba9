using Akka.Actor;
using ActorMail.Storage.Persistence;
using ActorMail.Storage.Tests.Persistence;
using ActorMail.TestSupport;
using Npgsql;

namespace ActorMail.Storage.Tests.Postgres;

/// <summary>ActorMail's Akka.Persistence.Sql wiring (<see cref="PersistenceHocon"/>) against a real PostgreSQL server.</summary>
[Collection("postgres")]
public sealed class PostgresPersistenceTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Journal_should_give_a_new_actor_system_the_events_of_the_previous_one()
    {
        string cs = await postgres.NewDatabaseAsync("journal");

        await WithSystemAsync(cs, "pg-journal-first", async system =>
        {
            var ledger = system.ActorOf(Ledger.Props("ledger-4711"));
            foreach (var item in new[] { "one", "two", "three" })
            {
                var added = await ledger.Ask<Ledger.Added>(new Ledger.Add(item), Timeout);
                Assert.Equal(item, added.Item);
            }
        });

        var items = await WithSystemAsync(cs, "pg-journal-second", system =>
            system.ActorOf(Ledger.Props("ledger-4711")).Ask<string[]>(Ledger.Get.Instance, Timeout));

        Assert.Equal(["one", "two", "three"], items);
        Assert.Equal(3, await CountAsync(cs, "journal", "ledger-4711"));
    }

    [Fact]
    public async Task Snapshot_should_start_recovery_and_only_later_events_should_be_replayed()
    {
        string cs = await postgres.NewDatabaseAsync("snapshot");

        await WithSystemAsync(cs, "pg-snapshot-first", async system =>
        {
            var tally = system.ActorOf(Tally.Props("tally-1"));
            foreach (var item in new[] { "a", "b", "c" })
            {
                await tally.Ask<Tally.Added>(new Tally.Add(item), Timeout);
            }

            var taken = await tally.Ask<Tally.SnapshotTaken>(Tally.TakeSnapshot.Instance, Timeout);
            Assert.Equal(3, taken.SequenceNr);
            await tally.Ask<Tally.Added>(new Tally.Add("d"), Timeout);
        });

        var state = await WithSystemAsync(cs, "pg-snapshot-second", system =>
            system.ActorOf(Tally.Props("tally-1")).Ask<Tally.State>(Tally.Get.Instance, Timeout));

        Assert.Equal(["a", "b", "c", "d"], state.Items);
        Assert.True(state.FromSnapshot);
        Assert.Equal(1, state.Replayed);
        Assert.Equal(1, await CountAsync(cs, "snapshot", "tally-1"));
    }

    [Fact]
    public async Task Two_databases_on_one_server_should_keep_their_own_events()
    {
        string first = await postgres.NewDatabaseAsync("tenant");
        string second = await postgres.NewDatabaseAsync("tenant");
        string untouched = await postgres.NewDatabaseAsync("tenant");
        const string id = "ledger-shared";

        // Both systems run at the same time, under the same persistence id.
        await WithSystemAsync(first, "pg-tenant-a", systemA => WithSystemAsync(second, "pg-tenant-b", async systemB =>
        {
            var a = systemA.ActorOf(Ledger.Props(id));
            var b = systemB.ActorOf(Ledger.Props(id));
            await a.Ask<Ledger.Added>(new Ledger.Add("a1"), Timeout);
            await b.Ask<Ledger.Added>(new Ledger.Add("b1"), Timeout);
            await a.Ask<Ledger.Added>(new Ledger.Add("a2"), Timeout);
        }));

        Assert.Equal(["a1", "a2"], await RecoverLedgerAsync(first, id));
        Assert.Equal(["b1"], await RecoverLedgerAsync(second, id));
        Assert.Empty(await RecoverLedgerAsync(untouched, id));
        Assert.Equal(2, await CountAsync(first, "journal", id));
        Assert.Equal(1, await CountAsync(second, "journal", id));
    }

    private static Task<string[]> RecoverLedgerAsync(string connectionString, string id)
        => WithSystemAsync(connectionString, "pg-recover", system =>
            system.ActorOf(Ledger.Props(id)).Ask<string[]>(Ledger.Get.Instance, Timeout));

    private static Task WithSystemAsync(string connectionString, string name, Func<ActorSystem, Task> body)
        => WithSystemAsync(connectionString, name, async system =>
        {
            await body(system);
            return true;
        });

    /// <summary>Runs <paramref name="body"/> in a fresh actor system on the given database, terminated afterwards even on failure.</summary>
    private static async Task<T> WithSystemAsync<T>(string connectionString, string name, Func<ActorSystem, Task<T>> body)
    {
        var system = ActorSystem.Create(name, PersistenceHocon.Config(StoreProvider.PostgreSql, connectionString));
        try
        {
            return await body(system);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Rows of <paramref name="table"/> stored for one persistence id, read straight from PostgreSQL.</summary>
    private static async Task<long> CountAsync(string connectionString, string table, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE persistence_id = @id", connection);
        command.Parameters.AddWithValue("id", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
