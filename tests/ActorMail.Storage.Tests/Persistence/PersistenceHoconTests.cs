using Akka.Configuration;
using ActorMail.Storage.Persistence;

namespace ActorMail.Storage.Tests.Persistence;

public sealed class PersistenceHoconTests
{
    [Fact]
    public void Sqlite_selects_the_sql_plugins_with_one_writer()
    {
        var config = PersistenceHocon.Config(StoreProvider.Sqlite, "Data Source=/tmp/x/actormail.db");

        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.Equal("Data Source=/tmp/x/actormail.db", config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal("Data Source=/tmp/x/actormail.db", config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.snapshot-store.sql.provider-name"));
        Assert.True(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        Assert.True(config.GetBoolean("akka.persistence.snapshot-store.sql.auto-initialize"));
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.False(string.IsNullOrEmpty(config.GetString("akka.persistence.journal.sql.class")));
    }

    [Fact]
    public void PostgreSql_uses_its_provider_and_keeps_the_default_parallelism()
    {
        const string cs = "Host=127.0.0.1;Port=5433;Username=mail;Password=p\"w\\d;Database=actormail";

        var text = PersistenceHocon.Build(StoreProvider.PostgreSql, cs);
        var config = ConfigurationFactory.ParseString(text);

        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal(cs, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(cs, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.False(config.HasPath("akka.persistence.journal.sql.parallelism"));
    }

    [Fact]
    public void EnsureCreated_makes_the_folder_and_a_wal_database()
    {
        using var folder = new TempFolder();
        var cs = $"Data Source={folder.Combine("nested/deeper/actormail.db")};Pooling=False";

        SqliteDatabase.EnsureCreated(cs);
        SqliteDatabase.EnsureCreated(cs);

        Assert.True(File.Exists(folder.Combine("nested/deeper/actormail.db")));
        Assert.Equal("wal", SqliteDatabase.JournalMode(cs));
    }
}
