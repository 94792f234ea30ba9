using ActorMail.Host.Cli;
using ActorMail.Host.Tests.Support;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Xunit.Abstractions;

namespace ActorMail.Host.Tests;

/// <summary>
/// kill -9 of <c>actormail run</c> while its send workers drain the outbound queue into a slow relay:
/// after a restart every recipient is delivered, and the only copies sent twice are those the relay
/// had accepted while the node had not yet recorded the outcome.
/// </summary>
public sealed class OutboundKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Messages = 300;
    private const int Workers = 4;
    private const string Sender = "sender@example.test";
    private const string Password = "outbound-kill-pass";

    /// <summary>Each message goes to two recipients at alpha and one at beta: two transactions.</summary>
    private static readonly string[] Mailboxes = ["x@alpha.example", "y@alpha.example", "z@beta.example"];

    private const int RecipientsPerMessage = 3;

    private readonly ActorMailHome _home = new("outbound-kill");

    private static string Recipient(int message, string mailbox) => $"m{message}.{mailbox}";

    private static string MessageIdOf(string recipient) => $"out-{recipient[1..recipient.IndexOf('.')]}@kill.test";

    [Fact]
    public async Task After_sigkill_mid_drain_every_recipient_is_delivered_and_only_unrecorded_ones_twice()
    {
        await using var relay = new SmtpReceiver(dataDelay: TimeSpan.FromMilliseconds(20));
        _home.Environment["ACTORMAIL__DELIVERY__WORKERS"] = Workers.ToString();
        _home.Environment["ACTORMAIL__DELIVERY__SMARTHOST__HOST"] = "127.0.0.1";
        _home.Environment["ACTORMAIL__DELIVERY__SMARTHOST__PORT"] = relay.Port.ToString();
        _home.Environment["ACTORMAIL__DELIVERY__SMARTHOST__TLS"] = "none";
        _home.Environment["ACTORMAIL__DELIVERY__TIMEOUT"] = "30s";
        _home.Environment["ACTORMAIL__DELIVERY__RETRY__FIRST"] = "1s";
        _home.Environment["ACTORMAIL__DELIVERY__RETRY__MAX"] = "2s";
        (await _home.RunAsync("domain", "add", "example.test")).ShouldSucceed();
        (await _home.RunWithInputAsync(Password + "\n", "user", "add", Sender, "--password-stdin")).ShouldSucceed();
        // Fill the queue first, then let the workers loose.
        (await _home.RunAsync("connection", "offline")).ShouldSucceed();

        var all = Enumerable.Range(1, Messages).SelectMany(i => Mailboxes.Select(m => Recipient(i, m))).ToHashSet();
        int submission = SmtpDurabilityTests.FreePort();
        var node = await _home.StartNodeAsync(new Dictionary<string, string> { ["ACTORMAIL__SMTP__SUBMISSION_PORT"] = submission.ToString() });
        int beforeKill;
        try
        {
            await SubmitAsync(submission);
            int queued = await Eventually.ValueAsync(async () => (await QueueAsync(node)).Count, n => n == Messages, TimeSpan.FromSeconds(60));
            Assert.Equal(Messages, queued);

            Assert.Equal(0, (await node.SendAsync(new CliRequest { Words = ["connection", "online"] })).Exit);
            beforeKill = await Eventually.ValueAsync(() => Task.FromResult(relay.Deliveries().Count), n => n >= all.Count / 3, TimeSpan.FromSeconds(60));
            await node.KillAsync();
            Assert.True(beforeKill >= all.Count / 3, $"only {beforeKill} deliveries before the kill\n{await node.OutputAsync()}");
        }
        finally
        {
            await node.DisposeAsync();
        }

        // What the dead node had recorded, read from its store by the CLI.
        var recorded = ParseQueue((await _home.RunAsync("queue", "list", "--json")).ShouldSucceed());
        var pendingAfterKill = recorded.SelectMany(m => m.Recipients).Where(r => r.Status == "pending").Select(r => r.Address).ToHashSet();
        var settledAfterKill = recorded.SelectMany(m => m.Recipients).Where(r => r.Status != "pending").Select(r => r.Address).ToHashSet();
        var acceptedBeforeRestart = relay.Deliveries().Select(d => d.Recipient).ToList();
        var acceptedSet = acceptedBeforeRestart.ToHashSet();
        Assert.True(acceptedSet.Count < all.Count, "the queue had drained before the kill");
        Assert.Equal(acceptedBeforeRestart.Count, acceptedSet.Count);
        // Nothing was lost by the kill: a recipient is either still pending, or the relay has it.
        var queuedRecipients = recorded.SelectMany(m => m.Recipients).Select(r => r.Address).ToHashSet();
        Assert.All(all.Where(a => !queuedRecipients.Contains(a)), a => Assert.Contains(a, acceptedSet));
        Assert.All(settledAfterKill, a => Assert.Contains(a, acceptedSet));
        // The window: accepted by the relay, not recorded by the node.
        var window = acceptedSet.Where(pendingAfterKill.Contains).ToHashSet();
        int windowTransactions = window.Select(a => (MessageIdOf(a), a.EndsWith("@beta.example", StringComparison.Ordinal))).Distinct().Count();
        int windowMessages = window.Select(MessageIdOf).Distinct().Count();

        await using (var restarted = await _home.StartNodeAsync())
        {
            int left = await Eventually.ValueAsync(async () => (await QueueAsync(restarted)).Count, n => n == 0, TimeSpan.FromSeconds(120));
            Assert.True(left == 0, $"{left} messages still queued after the restart");
            Assert.Equal(0, await restarted.StopAsync());
        }

        var deliveries = relay.Deliveries();
        Assert.All(deliveries, d => Assert.Equal(MessageIdOf(d.Recipient), d.MessageId));
        var counts = deliveries.GroupBy(d => d.Recipient).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(all, a => Assert.True(counts.ContainsKey(a), a + " was never delivered"));
        Assert.Equal(all.Count, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 1, 2));
        var duplicates = counts.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToHashSet();
        // Exactly the window was sent again: never a recipient whose outcome was on disk.
        Assert.Equal(window.Order(), duplicates.Order());
        // At most one message per worker is in flight, so the window is at most workers × its recipients.
        Assert.InRange(duplicates.Count, 0, Workers * RecipientsPerMessage);

        output.WriteLine($"workers {Workers}, {Messages} messages × {RecipientsPerMessage} recipients in 2 transactions each = {all.Count} deliveries due");
        output.WriteLine($"relay had accepted {acceptedSet.Count} before the restart ({beforeKill} when the kill was sent); " +
                         $"{pendingAfterKill.Count} recipients still pending on disk, {settledAfterKill.Count} recorded delivered in partly sent messages");
        output.WriteLine($"duplicates: {duplicates.Count} recipient copies in {windowTransactions} transactions of {windowMessages} messages " +
                         $"(bound {Workers * RecipientsPerMessage} recipients = workers × recipients per message); relay connections {relay.Connections}");
        output.WriteLine("duplicated: " + string.Join(", ", duplicates.Order()));
    }

    private async Task SubmitAsync(int port)
    {
        int next = 0;
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            using var client = new SmtpClient { Timeout = 30_000 };
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.AuthenticateAsync(Sender, Password);
            int i;
            while ((i = Interlocked.Increment(ref next)) <= Messages)
            {
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(Sender));
                foreach (var m in Mailboxes) message.To.Add(MailboxAddress.Parse(Recipient(i, m)));
                message.Subject = $"outbound {i}";
                message.MessageId = $"out-{i}@kill.test";
                message.Body = new TextPart("plain") { Text = $"outbound message {i}" };
                await client.SendAsync(message);
            }
            await client.DisconnectAsync(true);
        })));
    }

    private sealed record QueuedRecipient(string Address, string Status);

    private sealed record Queued(string Id, IReadOnlyList<QueuedRecipient> Recipients);

    private static async Task<List<Queued>> QueueAsync(RunningNode node)
    {
        var r = await node.SendAsync(new CliRequest { Words = ["queue", "list"], Json = true });
        Assert.True(r.Exit == 0, r.Stderr);
        return ParseQueue(r.Stdout);
    }

    private static List<Queued> ParseQueue(string json) =>
        JsonOutput.Parse(json).EnumerateArray().Select(m => new Queued(
            m.GetProperty("id").GetString()!,
            m.GetProperty("recipients").EnumerateArray()
                .Select(r => new QueuedRecipient(r.GetProperty("address").GetString()!.ToLowerInvariant(), r.GetProperty("status").GetString()!))
                .ToList())).ToList();

    public void Dispose() => _home.Dispose();
}
