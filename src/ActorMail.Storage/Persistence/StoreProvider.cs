namespace ActorMail.Storage.Persistence;

/// <summary>Database behind the Akka.Persistence journal and snapshot store.</summary>
public enum StoreProvider
{
    /// <summary>Embedded SQLite file (single node).</summary>
    Sqlite,

    /// <summary>PostgreSQL server (cluster).</summary>
    PostgreSql,
}
