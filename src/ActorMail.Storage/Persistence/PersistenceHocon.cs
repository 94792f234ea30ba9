using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace ActorMail.Storage.Persistence;

/// <summary>HOCON that points Akka.Persistence's journal and snapshot store at Akka.Persistence.Sql.</summary>
public static class PersistenceHocon
{
    /// <summary>linq2db provider name used for SQLite (Microsoft.Data.Sqlite).</summary>
    public const string SqliteProviderName = "SQLite.MS";

    /// <summary>linq2db provider name used for PostgreSQL (Npgsql).</summary>
    public const string PostgreSqlProviderName = "PostgreSQL.15";

    /// <summary>
    /// HOCON text selecting the SQL journal and snapshot store for <paramref name="provider"/>. Use it
    /// with <see cref="Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration"/> as fallback (see <see cref="Config"/>).
    /// On SQLite the journal runs one write at a time (<c>parallelism = 1</c>), which is steadier there.
    /// </summary>
    public static string Build(StoreProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        string providerName = provider switch
        {
            StoreProvider.Sqlite => SqliteProviderName,
            StoreProvider.PostgreSql => PostgreSqlProviderName,
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown store provider"),
        };
        string cs = Quote(connectionString);
        string pn = Quote(providerName);
        var text = new StringBuilder();
        text.Append("akka.persistence {\n");
        text.Append("  journal {\n");
        text.Append("    plugin = \"akka.persistence.journal.sql\"\n");
        text.Append(CultureInfo.InvariantCulture, $"    sql {{\n      connection-string = {cs}\n      provider-name = {pn}\n      auto-initialize = true\n");
        if (provider == StoreProvider.Sqlite)
        {
            text.Append("      parallelism = 1\n");
        }

        text.Append("    }\n  }\n");
        text.Append("  snapshot-store {\n");
        text.Append("    plugin = \"akka.persistence.snapshot-store.sql\"\n");
        text.Append(CultureInfo.InvariantCulture, $"    sql {{\n      connection-string = {cs}\n      provider-name = {pn}\n      auto-initialize = true\n    }}\n");
        text.Append("  }\n}\n");
        return text.ToString();
    }

    /// <summary><see cref="Build"/> parsed, with the plugin's default configuration as fallback.</summary>
    public static Config Config(StoreProvider provider, string connectionString)
        => ConfigurationFactory.ParseString(Build(provider, connectionString))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);

    /// <summary>A HOCON quoted string (JSON escaping rules).</summary>
    private static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }
}
