using Xunit;

namespace ActorMail.TestSupport;

/// <summary>
/// xunit collection fixture: one throwaway <see cref="PostgresServer"/> shared by every test of a collection,
/// started before the first test and stopped (folder deleted) after the last. If PostgreSQL cannot start,
/// every test of the collection fails with the reason.
/// <para>
/// xunit only finds collection definitions in the test assembly itself, so each test project that uses
/// it declares one:
/// <code>
/// [CollectionDefinition("postgres")]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresFixture&gt;;
///
/// [Collection("postgres")]
/// public sealed class MyTests(PostgresFixture postgres)
/// {
///     [Fact]
///     public async Task Works()
///     {
///         string cs = await postgres.NewDatabaseAsync("my");
///         // ...
///     }
/// }
/// </code>
/// Tests of one collection run one after another; give each test its own database
/// (<see cref="NewDatabaseAsync"/>) so that they stay independent.
/// </para>
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? server;
    private int databases;

    /// <summary>The running server.</summary>
    public PostgresServer Server => server ?? throw new InvalidOperationException("the PostgreSQL fixture is not started");

    /// <summary>
    /// Creates a database named <paramref name="prefix"/> plus a sequence number, unique on this server,
    /// and returns a connection string for it.
    /// </summary>
    public Task<string> NewDatabaseAsync(string prefix = "test")
        => Server.CreateDatabaseAsync($"{prefix}_{Interlocked.Increment(ref databases)}");

    /// <inheritdoc />
    public async Task InitializeAsync() => server = await PostgresServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
