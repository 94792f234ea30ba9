using ActorMail.Configuration;
using ActorMail.Delivery.Outbound;
using ActorMail.Delivery.Queue;
using Akka.Actor;
using static ActorMail.Delivery.Tests.Outbound.OutboundHarness;

namespace ActorMail.Delivery.Tests.Outbound;

/// <summary>
/// The smarthost's TLS mode against a relay that speaks plain text only: a mode that requires TLS
/// never sends credentials or mail in clear, and keeps the message queued for a retry.
/// </summary>
public sealed class SmarthostTlsSpec
{
    private const string Sender = "alice@local.test";

    private static async Task<QueuedRecipient> RetriedWithoutSendingAsync(SmarthostTls mode)
    {
        await using var relay = SmtpPeer.StartGroup(("127.0.0.1", new PeerScript { Auth = true }))[0];
        var settings = Settings(0, null) with
        {
            Smarthost = new SmarthostSettings { Host = "127.0.0.1", Port = relay.EndPoint.Port, Tls = mode, Username = "relayuser", Password = "s3cret" },
        };
        await using var h = new OutboundHarness { Directory = DirectoryWith(Account(Sender)) };
        await h.StartAsync(Options(settings));
        var id = await h.SubmitAsync(Sender, "bob@anywhere.example");
        // Retries start after 300 ms: wait for a second attempt, so the first one left the worker usable.
        QueuedRecipient? rcpt = null;
        await UntilAsync(async () =>
        {
            rcpt = (await h.QueuedAsync()).SingleOrDefault(m => m.Id == id)?.Recipients.Single();
            return rcpt is { Attempts: >= 2 };
        }, what: "two recorded attempts");
        Assert.True(relay.Connections >= 2, $"{relay.Connections} connections");
        Assert.Empty(relay.AuthPlain);
        Assert.Empty(relay.MailLines);
        Assert.Empty(relay.Transactions);
        Assert.Equal(RecipientStatus.Pending, rcpt!.Status);
        var status = await h.Coordinator.Ask<DeliveryStatus>(GetDeliveryStatus.Instance, TestData.Patience);
        Assert.Equal(settings.Workers, status.IdleWorkers + status.Leased);
        return rcpt;
    }

    [Fact]
    public async Task Starttls_mode_against_a_relay_without_STARTTLS_sends_nothing_in_clear_and_retries()
    {
        var rcpt = await RetriedWithoutSendingAsync(SmarthostTls.StartTls);
        // A clean temporary failure of the connection, not a crashed worker.
        Assert.StartsWith("connect to 127.0.0.1", rcpt.LastError, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", rcpt.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Implicit_TLS_mode_against_a_plain_text_relay_sends_nothing_and_retries()
    {
        var rcpt = await RetriedWithoutSendingAsync(SmarthostTls.Implicit);
        Assert.StartsWith("connect to 127.0.0.1", rcpt.LastError, StringComparison.Ordinal);
    }
}
