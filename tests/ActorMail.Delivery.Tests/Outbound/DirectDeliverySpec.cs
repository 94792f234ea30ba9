using ActorMail.Core;
using ActorMail.Delivery.Queue;
using MimeKit;
using static ActorMail.Delivery.Tests.Outbound.OutboundHarness;

namespace ActorMail.Delivery.Tests.Outbound;

/// <summary>Direct MX delivery to scripted peers on 127.0.0.x through a real DNS server, with retries and bounces.</summary>
public sealed class DirectDeliverySpec
{
    private const string Sender = "alice@local.test";

    private static async Task<(OutboundHarness H, TestDns Dns)> StartAsync(int port, Func<Configuration.DeliverySettings, Configuration.DeliverySettings>? tune = null,
        Configuration.ConnectionMode mode = Configuration.ConnectionMode.Permanent)
    {
        var dns = new TestDns();
        var h = new OutboundHarness { Directory = DirectoryWith(Account(Sender), Account("postmaster@local.test")) };
        var settings = Settings(port, dns.EndPoint);
        if (tune is not null) settings = tune(settings);
        await h.StartAsync(Options(settings, mode));
        return (h, dns);
    }

    private static async Task<List<MimeMessage>> BouncesAsync(OutboundHarness h, string account = Sender, int count = 1)
    {
        List<MimeMessage> inbox = new();
        await UntilAsync(async () => (inbox = await h.InboxMessagesAsync(account)).Count >= count, what: "notice in " + account);
        return inbox;
    }

    private static HeaderList Group(MimeMessage dsn, int i) => ((MessageDeliveryStatus)((MultipartReport)dsn.Body!)[1]).StatusGroups[i];

    [Fact]
    public async Task Mail_goes_to_MX_hosts_in_preference_order_skipping_a_host_that_refuses()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.3", new PeerScript()));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("pref.test", 20, "mx2.pref.test").Mx("pref.test", 10, "mx1.pref.test").Mx("pref.test", 30, "mx3.pref.test")
            .A("mx1.pref.test", "127.0.0.2").A("mx2.pref.test", "127.0.0.3").A("mx3.pref.test", "127.0.0.4");
        await h.SubmitAsync(Sender, "bob@pref.test");
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "queue drained");
        var t = Assert.Single(peer.Transactions);
        Assert.StartsWith("MAIL FROM:<alice@local.test>", t.MailLine);
        Assert.Contains("<bob@pref.test>", Assert.Single(t.RcptLines));
        Assert.Contains("Subject: test", t.Data);
    }

    [Fact]
    public async Task A_domain_without_MX_falls_back_to_its_A_record()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.5", new PeerScript()));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.A("plain.test", "127.0.0.5");
        await h.SubmitAsync(Sender, "bob@plain.test");
        await UntilAsync(() => peer.Transactions.Count == 1, what: "delivered by A record");
    }

    [Fact]
    public async Task A_4xx_is_retried_then_accepted_and_delivered_once()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.6", new PeerScript { DataReply = n => n == 1 ? "451 4.3.0 try again later" : "250 2.0.0 ok" }));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("soft.test", 10, "mx.soft.test").A("mx.soft.test", "127.0.0.6");
        await h.SubmitAsync(Sender, "bob@soft.test");
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "delivered after retry");
        Assert.Single(peer.Transactions);
        Assert.Empty(await h.InboxMessagesAsync(Sender));
    }

    [Fact]
    public async Task A_5xx_to_one_recipient_of_three_bounces_that_one_only_and_never_resends_to_the_others()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.7", new PeerScript
        {
            Rcpt = a => a.StartsWith("bad@", StringComparison.Ordinal) ? "550 5.1.1 no such user" : "250 2.1.5 ok",
        }));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("mixed.test", 10, "mx.mixed.test").A("mx.mixed.test", "127.0.0.7");
        var id = await h.SubmitAsync(Sender, new[] { "good1@mixed.test", "bad@mixed.test", "good2@mixed.test" }
            .Select(a => new EnvelopeRecipient(MailAddress.Parse(a), DsnNotify.Default, "rfc822;" + a.ToUpperInvariant())).ToList(), envid: "ENV-42");
        var inbox = await BouncesAsync(h);
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "queue drained");
        var t = Assert.Single(peer.Transactions);
        Assert.Equal(2, t.RcptLines.Count);

        var dsn = Assert.Single(inbox);
        Assert.Equal("MAILER-DAEMON@local.test", dsn.From.Mailboxes.Single().Address);
        var per = Group(dsn, 0);
        Assert.Equal("ENV-42", per["Original-Envelope-Id"]);
        var g = Group(dsn, 1);
        Assert.Equal("rfc822; bad@mixed.test", g["Final-Recipient"]);
        Assert.Equal("rfc822; BAD@MIXED.TEST", g["Original-Recipient"]);
        Assert.Equal("failed", g["Action"]);
        Assert.Equal("5.1.1", g["Status"]);
        Assert.Equal("dns; mx.mixed.test", g["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.1.1 no such user", g["Diagnostic-Code"]);
        Assert.Equal(3, ((MultipartReport)dsn.Body!).Count);
        Assert.IsType<MessagePart>(((MultipartReport)dsn.Body!)[2]);
        Assert.Equal(id, dsn.Headers["X-ActorMail-Queue-ID"]);
    }

    [Fact]
    public async Task A_connection_dropped_mid_DATA_is_retried_and_delivered()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.8", new PeerScript { DropMidData = n => n == 1 }));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("drop.test", 10, "mx.drop.test").A("mx.drop.test", "127.0.0.8");
        await h.SubmitAsync(Sender, "bob@drop.test");
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "delivered after drop");
        Assert.Single(peer.Transactions);
    }

    [Fact]
    public async Task A_message_over_the_remote_SIZE_bounces_at_once_with_headers_only_for_RET_HDRS()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.9", new PeerScript { Size = 100 }));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("small.test", 10, "mx.small.test").A("mx.small.test", "127.0.0.9");
        await h.SubmitAsync(Sender, new[] { new EnvelopeRecipient(MailAddress.Parse("bob@small.test")) }, ret: DsnReturn.Headers, subject: "too big");
        var dsn = Assert.Single(await BouncesAsync(h));
        Assert.Equal("5.3.4", Group(dsn, 1)["Status"]);
        var headers = Assert.IsType<TextRfc822Headers>(((MultipartReport)dsn.Body!)[2]);
        Assert.Equal("too big", headers.Message!.Subject);
        Assert.Empty(peer.Transactions);
        Assert.Empty(await h.QueuedAsync());
    }

    [Fact]
    public async Task NOTIFY_NEVER_suppresses_the_bounce_and_NXDOMAIN_fails_at_once()
    {
        var (h, dns) = await StartAsync(SmtpPeer.RefusingPort("127.0.0.1"));
        await using var _ = h;
        using var __ = dns;
        await h.SubmitAsync(Sender, new[]
        {
            new EnvelopeRecipient(MailAddress.Parse("x@nowhere.test"), DsnNotify.Never),
        });
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "failed at once");
        await h.SubmitAsync(Sender, "y@nowhere.test");
        var dsn = Assert.Single(await BouncesAsync(h));
        Assert.Equal("5.1.2", Group(dsn, 1)["Status"]);
        Assert.Equal("rfc822; y@nowhere.test", Group(dsn, 1)["Final-Recipient"]);
    }

    [Fact]
    public async Task A_DNS_timeout_and_an_MX_pointing_nowhere_stay_queued_as_temporary_failures()
    {
        var (h, dns) = await StartAsync(SmtpPeer.RefusingPort("127.0.0.1"), s => s with { Timeout = TimeSpan.FromSeconds(1) });
        await using var _ = h;
        using var __ = dns;
        dns.Silent("slow.test").Mx("dangling.test", 10, "mx.dangling.test");
        var slow = await h.SubmitAsync(Sender, "a@slow.test");
        var dangling = await h.SubmitAsync(Sender, "b@dangling.test");
        await UntilAsync(async () => (await h.QueuedAsync()).All(m => m.Recipients[0].Attempts >= 1), what: "attempted");
        var queued = await h.QueuedAsync();
        var s = queued.Single(m => m.Id == slow).Recipients[0];
        var d = queued.Single(m => m.Id == dangling).Recipients[0];
        Assert.Equal(RecipientStatus.Pending, s.Status);
        Assert.Contains("DNS", s.LastError);
        Assert.Equal(RecipientStatus.Pending, d.Status);
        Assert.Contains("no MX host", d.LastError);
        Assert.Empty(await h.InboxMessagesAsync(Sender));
    }

    [Fact]
    public async Task After_give_up_time_a_temporary_failure_bounces_to_the_postmaster_when_the_sender_is_gone()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.10", new PeerScript { Rcpt = _ => "450 4.2.0 mailbox busy" }));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port, s => s with { GiveUpAfter = TimeSpan.FromSeconds(1) });
        await using var _ = h;
        using var __ = dns;
        dns.Mx("busy.test", 10, "mx.busy.test").A("mx.busy.test", "127.0.0.10");
        await h.SubmitAsync("gone@local.test", "bob@busy.test");
        var dsn = Assert.Single(await BouncesAsync(h, "postmaster@local.test"));
        Assert.Equal("4.4.7", Group(dsn, 1)["Status"]);
        Assert.Contains("expired", Group(dsn, 1)["Diagnostic-Code"]);
        Assert.Empty(await h.QueuedAsync());
    }

    [Fact]
    public async Task NOTIFY_DELAY_gets_one_delay_notice_then_the_mail_is_delivered()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.11", new PeerScript { DataReply = n => n <= 2 ? "451 4.3.0 later" : "250 2.0.0 ok" }));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("delay.test", 10, "mx.delay.test").A("mx.delay.test", "127.0.0.11");
        await h.SubmitAsync(Sender, new[] { new EnvelopeRecipient(MailAddress.Parse("bob@delay.test"), DsnNotify.Delay | DsnNotify.Failure) });
        await UntilAsync(() => peer.Transactions.Count == 1, what: "delivered");
        var inbox = await BouncesAsync(h);
        var dsn = Assert.Single(inbox);
        Assert.Equal("delayed", Group(dsn, 1)["Action"]);
        Assert.IsType<TextRfc822Headers>(((MultipartReport)dsn.Body!)[2]);
    }

    [Fact]
    public async Task A_bounce_for_a_remote_sender_is_queued_and_sent_with_a_null_reverse_path()
    {
        var peers = SmtpPeer.StartGroup(
            ("127.0.0.12", new PeerScript { Rcpt = _ => "550 5.7.1 rejected" }),
            ("127.0.0.13", new PeerScript()));
        await using var rejecting = peers[0];
        await using var senderMx = peers[1];
        var (h, dns) = await StartAsync(rejecting.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("reject.test", 10, "mx.reject.test").A("mx.reject.test", "127.0.0.12")
            .Mx("origin.test", 10, "mx.origin.test").A("mx.origin.test", "127.0.0.13");
        await h.SubmitAsync("carol@origin.test", "bob@reject.test");
        await UntilAsync(() => senderMx.Transactions.Count == 1, what: "bounce relayed to the remote sender");
        var t = senderMx.Transactions.Single();
        Assert.StartsWith("MAIL FROM:<>", t.MailLine);
        Assert.Contains("<carol@origin.test>", t.RcptLines[0]);
        Assert.Contains("multipart/report", t.Data);
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "queue drained");
    }

    [Fact]
    public async Task DSN_parameters_go_to_a_remote_that_offers_DSN_and_a_7bit_message_goes_out_as_stored()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.14", new PeerScript { Dsn = true, Size = 10_000_000 }));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("dsn.test", 10, "mx.dsn.test").A("mx.dsn.test", "127.0.0.14");
        const string body = "From: <alice@local.test>\r\nTo: <bob@dsn.test>\r\nSubject: as stored\r\nMessage-ID: <stored.1@local.test>\r\n\r\n"
            + "first line\r\n.a line that starts with a dot\r\n\r\nlast line\r\n";
        await h.SubmitAsync(Sender, new[]
        {
            new EnvelopeRecipient(MailAddress.Parse("bob@dsn.test"), DsnNotify.Success | DsnNotify.Failure, "rfc822;bob@dsn.test"),
            new EnvelopeRecipient(MailAddress.Parse("carol@dsn.test")),
        }, body, ret: DsnReturn.Headers, envid: "ENV+7");
        await UntilAsync(async () => (await h.QueuedAsync()).Count == 0, what: "queue drained");
        var t = Assert.Single(peer.Transactions);
        Assert.Contains($" SIZE={body.Length}", t.MailLine);
        Assert.Contains(" RET=HDRS", t.MailLine);
        Assert.Contains(" ENVID=ENV+2B7", t.MailLine);
        var bob = Assert.Single(t.RcptLines, l => l.Contains("<bob@dsn.test>", StringComparison.Ordinal));
        Assert.Contains(" NOTIFY=SUCCESS,FAILURE", bob);
        Assert.Contains(" ORCPT=rfc822;bob@dsn.test", bob);
        Assert.DoesNotContain("NOTIFY", Assert.Single(t.RcptLines, l => l.Contains("<carol@dsn.test>", StringComparison.Ordinal)));
        Assert.Equal(body, t.Data);
        // The remote took the DSN request, so no "relayed" notice comes back from ActorMail for NOTIFY=SUCCESS.
        Assert.Empty(await h.InboxMessagesAsync(Sender));
    }

    [Fact]
    public async Task An_8bit_message_is_announced_as_8BITMIME()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.15", new PeerScript()));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("eight.test", 10, "mx.eight.test").A("mx.eight.test", "127.0.0.15");
        const string body = "From: <alice@local.test>\r\nTo: <bob@eight.test>\r\nSubject: 8bit\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nGrüße aus dem Büro\r\n";
        await h.SubmitAsync(Sender, new[] { new EnvelopeRecipient(MailAddress.Parse("bob@eight.test")) }, body);
        await UntilAsync(() => peer.Transactions.Count == 1, what: "delivered");
        var t = Assert.Single(peer.Transactions);
        Assert.Contains(" BODY=8BITMIME", t.MailLine);
        // The peer reads octets as Latin-1: the UTF-8 text arrives unchanged, not re-encoded.
        Assert.Contains(System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes("Grüße aus dem Büro")), t.Data);
    }

    [Fact]
    public async Task An_8bit_message_is_re_encoded_for_a_remote_without_8BITMIME()
    {
        var peers = SmtpPeer.StartGroup(("127.0.0.16", new PeerScript { EightBitMime = false }));
        await using var peer = peers[0];
        var (h, dns) = await StartAsync(peer.EndPoint.Port);
        await using var _ = h;
        using var __ = dns;
        dns.Mx("seven.test", 10, "mx.seven.test").A("mx.seven.test", "127.0.0.16");
        const string body = "From: <alice@local.test>\r\nTo: <bob@seven.test>\r\nSubject: 8bit\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nGrüße aus dem Büro\r\n";
        await h.SubmitAsync(Sender, new[] { new EnvelopeRecipient(MailAddress.Parse("bob@seven.test")) }, body);
        await UntilAsync(() => peer.Transactions.Count == 1, what: "delivered");
        var t = Assert.Single(peer.Transactions);
        Assert.DoesNotContain("BODY=", t.MailLine);
        Assert.All(t.Data, c => Assert.True(c < 128, "only 7-bit octets on the wire"));
        var received = MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(t.Data)));
        Assert.NotEqual(ContentEncoding.Default, ((TextPart)received.Body!).ContentTransferEncoding);
        Assert.Equal("Grüße aus dem Büro\r\n", ((TextPart)received.Body!).Text.Replace("\r\n", "\n").Replace("\n", "\r\n"));
    }
}
