using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ActorMail.Host.Cli;
using ActorMail.Host.Tests.Support;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ActorMail.Host.Tests;

/// <summary>
/// kill -9 of <c>actormail run</c> in the middle of SMTP load: after a restart, every message whose final
/// 250 reached its client is in the INBOX exactly once (read back over POP3 by Message-ID).
/// </summary>
public sealed class SmtpDurabilityTests : IDisposable
{
    private const int Messages = 300;
    private const int Clients = 20;
    private const string Account = "kill@example.test";
    private const string Password = "kill-9-pass";

    private readonly ActorMailHome _home = new("smtp-kill");

    [Fact]
    public async Task Every_acknowledged_message_is_in_the_inbox_exactly_once_after_sigkill_under_load()
    {
        (await _home.RunAsync("domain", "add", "example.test")).ShouldSucceed();
        (await _home.RunWithInputAsync(Password + "\n", "user", "add", Account, "--password-stdin")).ShouldSucceed();

        int smtpPort = FreePort();
        var sent = new ConcurrentDictionary<string, bool>();
        var acknowledged = new ConcurrentBag<string>();
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = await _home.StartNodeAsync(new Dictionary<string, string> { ["ACTORMAIL__SMTP__PORT"] = smtpPort.ToString() });
        try
        {
            int next = 0;
            var load = Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                using var client = new SmtpClient { Timeout = 30_000 };
                try
                {
                    await client.ConnectAsync("127.0.0.1", smtpPort, SecureSocketOptions.None);
                    int i;
                    while ((i = Interlocked.Increment(ref next)) <= Messages)
                    {
                        var message = new MimeMessage();
                        message.From.Add(MailboxAddress.Parse("sender@remote.example"));
                        message.To.Add(MailboxAddress.Parse(Account));
                        message.Subject = $"kill {i}";
                        message.MessageId = $"kill-{i}-{Guid.NewGuid():N}@test";
                        message.Body = new TextPart("plain") { Text = $"message {i}" };
                        sent[message.MessageId] = true;
                        await client.SendAsync(message);
                        acknowledged.Add(message.MessageId);
                        if (acknowledged.Count >= Messages / 2) halfway.TrySetResult();
                    }
                }
                catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or OperationCanceledException or TimeoutException)
                {
                    // the node was killed under this client
                }
            })));

            await Task.WhenAny(halfway.Task, load).Unwrap();
            Assert.True(halfway.Task.IsCompleted, "the load finished before half of it was acknowledged");
            await node.KillAsync();
            await load.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await node.DisposeAsync();
        }
        var acked = acknowledged.ToHashSet();
        Assert.True(acked.Count >= Messages / 2 && acked.Count < Messages, $"{acked.Count} acknowledged: the kill was not in the middle of the load");

        // restart on fresh ports; the ingest log hands over what the kill interrupted
        int pop3Port = FreePort();
        await using var restarted = await _home.StartNodeAsync(new Dictionary<string, string> { ["ACTORMAIL__POP3__PORT"] = pop3Port.ToString() });
        var show = new CliRequest { Words = ["user", "show", Account], Json = true };
        int count = await Eventually.ValueAsync(
            async () =>
            {
                var r = await restarted.SendAsync(show);
                Assert.True(r.Exit == 0, r.Stderr);
                return JsonOutput.InboxCount(r.Stdout);
            },
            c => c >= acked.Count, TimeSpan.FromSeconds(60));
        Assert.True(count >= acked.Count, $"INBOX holds {count}, {acked.Count} were acknowledged");

        var ids = new List<string>();
        using (var pop3 = new Pop3Client { Timeout = 30_000 })
        {
            await pop3.ConnectAsync("127.0.0.1", pop3Port, SecureSocketOptions.None);
            await pop3.AuthenticateAsync(Account, Password);
            for (int i = 0; i < pop3.Count; i++)
            {
                var headers = await pop3.GetMessageHeadersAsync(i);
                ids.Add(MimeKit.Utils.MimeUtils.EnumerateReferences(headers[HeaderId.MessageId] ?? "").Single());
            }
            await pop3.DisconnectAsync(true);
        }

        Assert.Equal(count, ids.Count);
        Assert.All(ids, id => Assert.True(sent.ContainsKey(id), "unknown message " + id));
        var duplicates = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        var missing = acked.Where(id => !ids.Contains(id)).ToList();
        Assert.Empty(missing);
        Assert.Equal(0, await restarted.StopAsync());
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _home.Dispose();
}
