using ActorMail.TestSupport;
using Npgsql;

namespace ActorMail.Storage.Tests.Postgres;

/// <summary>
/// The throwaway server's own life cycle: one server of its own, side by side with the shared server of
/// the <c>postgres</c> collection.
/// </summary>
[Collection("postgres")]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Server_should_run_beside_another_on_loopback_and_leave_nothing_behind_once_disposed()
    {
        var server = await PostgresServer.StartAsync();
        string folder = server.Folder;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString);
            Assert.Equal("127.0.0.1", builder.Host);
            Assert.Equal(server.Port, builder.Port);
            Assert.Equal("postgres", builder.Username);
            Assert.Equal("postgres", builder.Database);
            Assert.True(Directory.Exists(folder));
            Assert.NotEqual(postgres.Server.Port, server.Port);
            Assert.NotEqual(postgres.Server.Folder, folder);

            Assert.Equal("127.0.0.1", await ScalarAsync(server.ConnectionString, "SHOW listen_addresses"));
            Assert.Equal(Path.Combine(folder, "socket"), await ScalarAsync(server.ConnectionString, "SHOW unix_socket_directories"));
            Assert.Equal("on", await ScalarAsync(server.ConnectionString, "SELECT CASE WHEN rolsuper THEN 'on' ELSE 'off' END FROM pg_roles WHERE rolname = current_user"));

            string tenant = await server.CreateDatabaseAsync("only_here");
            Assert.Equal("only_here", new NpgsqlConnectionStringBuilder(tenant).Database);
            Assert.Equal("only_here", await ScalarAsync(tenant, "SELECT current_database()"));
            const string exists = "SELECT count(*) FROM pg_database WHERE datname = 'only_here'";
            Assert.Equal("1", await ScalarAsync(server.ConnectionString, exists));
            Assert.Equal("0", await ScalarAsync(postgres.Server.ConnectionString, exists));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(Directory.Exists(folder));
        var unpooled = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Pooling = false, Timeout = 2 }.ToString();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(unpooled, "SELECT 1"));
        await server.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.CreateDatabaseAsync("too_late"));
        Assert.Equal("1", await ScalarAsync(postgres.Server.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public void Binaries_should_come_from_the_highest_complete_version()
    {
        using var root = new TempFolder();
        MakeVersion(root, "9.6", complete: true);
        MakeVersion(root, "15", complete: true);
        MakeVersion(root, "16", complete: false);
        Directory.CreateDirectory(root.Combine("common"));

        Assert.Equal(Path.Combine(root.Path, "15", "bin"), PostgresServer.FindBinaries(root.Path));
    }

    [Fact]
    public void Missing_binaries_should_name_the_package_to_install()
    {
        using var root = new TempFolder();

        var missing = Assert.Throws<InvalidOperationException>(() => PostgresServer.FindBinaries(root.Combine("absent")));
        Assert.Contains("apt-get install postgresql", missing.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<InvalidOperationException>(() => PostgresServer.FindBinaries(root.Path));
        Assert.Contains("apt-get install postgresql", empty.Message, StringComparison.Ordinal);
    }

    private static void MakeVersion(TempFolder root, string version, bool complete)
    {
        string bin = root.Combine(Path.Combine(version, "bin"));
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "initdb"), string.Empty);
        if (complete)
        {
            File.WriteAllText(Path.Combine(bin, "pg_ctl"), string.Empty);
        }
    }

    internal static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Database creation on the shared server of the <c>postgres</c> collection.</summary>
[Collection("postgres")]
public sealed class PostgresDatabaseTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("1starts_with_digit")]
    [InlineData("has space")]
    [InlineData("quote\"d")]
    [InlineData("semi;colon")]
    [InlineData("trailing_newline\n")]
    [InlineData("a_name_that_is_much_too_long_for_postgresql_identifiers_abcdefghij")]
    public async Task Database_names_outside_the_plain_form_should_be_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => postgres.Server.CreateDatabaseAsync(name));
    }

    [Fact]
    public async Task A_database_name_should_be_created_once()
    {
        await postgres.Server.CreateDatabaseAsync("created_once");

        var twice = await Assert.ThrowsAsync<PostgresException>(() => postgres.Server.CreateDatabaseAsync("created_once"));
        Assert.Equal(PostgresErrorCodes.DuplicateDatabase, twice.SqlState);
    }

    [Fact]
    public async Task Fixture_databases_should_get_distinct_names()
    {
        string first = await postgres.NewDatabaseAsync("fresh");
        string second = await postgres.NewDatabaseAsync("fresh");

        string? a = new NpgsqlConnectionStringBuilder(first).Database;
        string? b = new NpgsqlConnectionStringBuilder(second).Database;
        Assert.NotEqual(a, b);
        Assert.Equal(a, await PostgresServerTests.ScalarAsync(first, "SELECT current_database()"));
        Assert.Equal(b, await PostgresServerTests.ScalarAsync(second, "SELECT current_database()"));
    }
}
