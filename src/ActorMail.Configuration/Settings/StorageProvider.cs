namespace ActorMail.Configuration;

/// <summary>Store behind the journal and directory (<c>actormail.storage.provider</c>).</summary>
public enum StorageProvider { Sqlite, PostgreSql }
