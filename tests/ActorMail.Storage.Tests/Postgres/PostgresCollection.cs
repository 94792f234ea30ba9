using ActorMail.TestSupport;

namespace ActorMail.Storage.Tests.Postgres;

/// <summary>Tests marked <c>[Collection("postgres")]</c> share one throwaway PostgreSQL server.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
