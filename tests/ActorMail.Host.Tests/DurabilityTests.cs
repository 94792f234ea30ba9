using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ActorMail.Host.Cli;
using ActorMail.Host.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ActorMail.Host.Tests;

/// <summary>
/// First start on an empty data folder, and every acknowledged delivery surviving SIGKILL of the node
/// right after the last acknowledgement.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private const int Messages = 200;
    private const int Producers = 20;
    private const string Account = "durable@localhost";

    private readonly ActorMailHome _home = new("durability");

    [Fact]
    public async Task First_start_creates_a_wal_database_and_the_certificate_and_acknowledged_mail_survives_kill_9()
    {
        Assert.False(Directory.Exists(_home.DataDir));
        var node = await _home.StartNodeAsync();
        try
        {
            await AssertFirstStartAsync();

            var add = await node.SendAsync(new CliRequest { Words = ["user", "add", Account], Secret = "durable-pass" });
            Assert.True(add.Exit == 0, add.Stderr);

            var acknowledged = new ConcurrentBag<string>();
            int next = 0;
            await Task.WhenAll(Enumerable.Range(0, Producers).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) <= Messages)
                {
                    var body = Encoding.UTF8.GetBytes(ActorMailHome.Message($"durable {i}", to: Account));
                    var reply = await node.SendAsync(new CliRequest
                    {
                        Words = ["deliver"],
                        Options = new Dictionary<string, string?> { ["--from"] = "sender@remote.example", ["--to"] = Account },
                        InputText = Convert.ToBase64String(body),
                    });
                    if (reply.Exit == 0) acknowledged.Add(reply.Stdout.Trim());
                }
            })));
            await node.KillAsync();

            Assert.Equal(Messages, acknowledged.Count);
            Assert.Equal(Messages, acknowledged.Distinct().Count());
        }
        finally
        {
            await node.DisposeAsync();
        }

        // The killed node left its socket file behind; the restarted node replaces it.
        await using var restarted = await _home.StartNodeAsync();
        var show = new CliRequest { Words = ["user", "show", Account], Json = true };
        int count = await Eventually.ValueAsync(
            async () =>
            {
                var r = await restarted.SendAsync(show);
                Assert.True(r.Exit == 0, r.Stderr);
                return JsonOutput.InboxCount(r.Stdout);
            },
            c => c >= Messages, TimeSpan.FromSeconds(60));
        Assert.Equal(Messages, count);
        Assert.Equal(0, await restarted.StopAsync());
    }

    private async Task AssertFirstStartAsync()
    {
        var db = Path.Combine(_home.DataDir, "actormail.db");
        Assert.True(File.Exists(db));
        await using (var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(), StringComparer.OrdinalIgnoreCase);
        }

        var crt = Path.Combine(_home.DataDir, "tls", "localhost.crt");
        Assert.True(File.Exists(Path.Combine(_home.DataDir, "tls", "localhost.key")));
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(crt);
        Assert.Contains("CN=localhost", certificate.Subject, StringComparison.Ordinal);
        Assert.True(certificate.NotAfter > DateTime.Now);
    }

    public void Dispose() => _home.Dispose();
}
