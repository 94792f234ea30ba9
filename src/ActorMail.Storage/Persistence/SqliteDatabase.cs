using Microsoft.Data.Sqlite;

namespace ActorMail.Storage.Persistence;

/// <summary>Prepares the embedded SQLite journal database before Akka.Persistence opens it.</summary>
public static class SqliteDatabase
{
    /// <summary>
    /// Creates the database file (and its folder) if needed and switches it to WAL journaling. WAL is a
    /// property of the file, so every later connection (Akka's included) uses it; synchronous stays FULL.
    /// </summary>
    public static void EnsureCreated(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        bool inMemory = builder.DataSource.Length == 0 || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory;
        var folder = inMemory ? null : Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite database {builder.DataSource} refused WAL journaling (mode {mode})");
        }
    }

    /// <summary>The journal mode recorded in the database file (e.g. <c>wal</c>, <c>delete</c>).</summary>
    public static string JournalMode(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (command.ExecuteScalar() as string ?? string.Empty).ToLowerInvariant();
    }
}
