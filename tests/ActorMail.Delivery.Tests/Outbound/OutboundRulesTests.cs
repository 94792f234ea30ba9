using ActorMail.Core;
using ActorMail.Delivery.Outbound;
using ActorMail.Delivery.Queue;
using MimeKit;
using static ActorMail.Delivery.Tests.TestData;

namespace ActorMail.Delivery.Tests.Outbound;

public sealed class OutboundRulesTests
{
    private static readonly TimeSpan First = TimeSpan.FromMinutes(5), Max = TimeSpan.FromHours(4), GiveUp = TimeSpan.FromDays(5);

    private static QueuedRecipient R(string a, DsnNotify notify = DsnNotify.Default, int attempts = 0, string? orcpt = null) =>
        new(A(a), notify, orcpt, RecipientStatus.Pending, attempts, T0, null);

    private static QueuedMessage M(MailAddress? sender, params QueuedRecipient[] r) =>
        new("q1", sender, Blob("b"), DsnReturn.Default, null, null, T0, r);

    [Fact]
    public void Plan_splits_250_recipients_with_a_limit_of_2_into_125_transactions()
    {
        var rcpts = Enumerable.Range(0, 250).Select(i => R($"u{i}@remote.test")).ToList();
        var plan = TransactionPlanner.Plan(rcpts, 2);
        Assert.Equal(125, plan.Count);
        Assert.All(plan, t => Assert.Equal(2, t.Recipients.Count));
        Assert.Equal(rcpts.Select(r => r.Address), plan.SelectMany(t => t.Recipients).Select(r => r.Address));
    }

    [Fact]
    public void Plan_always_groups_by_domain_and_without_limit_keeps_one_transaction_per_domain()
    {
        var rcpts = new[] { R("a@one.test"), R("b@two.test"), R("c@ONE.test"), R("d@two.test"), R("e@one.test") };
        var plan = TransactionPlanner.Plan(rcpts, 0);
        Assert.Equal(new[] { "one.test", "two.test" }, plan.Select(t => t.Domain));
        Assert.Equal(new[] { "a", "c", "e" }, plan[0].Recipients.Select(r => r.Address.LocalPart));
        var limited = TransactionPlanner.Plan(rcpts, 2);
        Assert.Equal(new[] { 2, 1, 2 }, limited.Select(t => t.Recipients.Count));
        Assert.All(limited, t => Assert.All(t.Recipients, r => Assert.Equal(t.Domain, r.Address.Domain, StringComparer.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Retry_delay_starts_at_first_doubles_and_is_capped_at_max()
    {
        Assert.Equal(new[] { 5, 10, 20, 40, 80, 160, 240, 240 }.Select(m => TimeSpan.FromMinutes(m)),
            Enumerable.Range(1, 8).Select(n => RetrySchedule.Delay(n, First, Max)));
        Assert.False(RetrySchedule.GiveUp(T0, T0 + GiveUp - TimeSpan.FromSeconds(1), GiveUp));
        Assert.True(RetrySchedule.GiveUp(T0, T0 + GiveUp, GiveUp));
    }

    [Theory]
    [InlineData(250, "2.0.0 ok", OutcomeKind.Delivered, "2.0.0")]
    [InlineData(451, "4.3.0 try later", OutcomeKind.Temporary, "4.3.0")]
    [InlineData(421, "closing", OutcomeKind.Temporary, "4.0.0")]
    [InlineData(550, "5.1.1 no such user", OutcomeKind.Permanent, "5.1.1")]
    [InlineData(554, "4.1.1 mismatched class", OutcomeKind.Permanent, "5.0.0")]
    public void Replies_are_classified_by_their_first_digit(int code, string text, OutcomeKind kind, string status)
    {
        var o = ReplyClassifier.FromReply(A("x@r.test"), code, text, "mx.r.test");
        Assert.Equal(kind, o.Kind);
        Assert.Equal(status, o.Status);
        Assert.Equal($"{code} {text}", o.Diagnostic);
        Assert.Equal(OutcomeKind.Temporary, ReplyClassifier.ConnectionFault(A("x@r.test"), "refused", null).Kind);
    }

    [Fact]
    public void Throttle_lets_N_messages_start_then_pauses()
    {
        var gate = new ThrottleGate(3, TimeSpan.FromSeconds(60));
        Assert.Equal(3, gate.Allowance(T0));
        for (int i = 0; i < 3; i++) gate.Take(T0);
        Assert.Equal(0, gate.Allowance(T0 + TimeSpan.FromSeconds(59)));
        Assert.Equal(3, gate.Allowance(T0 + TimeSpan.FromSeconds(60)));
        Assert.Equal(int.MaxValue, new ThrottleGate(0, TimeSpan.FromSeconds(1)).Allowance(T0));
    }

    [Fact]
    public void Attempt_records_each_recipient_on_its_own()
    {
        var m = M(A("s@local.test"), R("ok@r.test"), R("bad@r.test"), R("later@r.test", attempts: 2));
        var outcomes = new[]
        {
            ReplyClassifier.FromReply(A("ok@r.test"), 250, "ok", "mx"),
            ReplyClassifier.FromReply(A("bad@r.test"), 550, "5.1.1 unknown", "mx"),
            ReplyClassifier.FromReply(A("later@r.test"), 451, "4.3.0 busy", "mx"),
        };
        var now = T0 + TimeSpan.FromMinutes(1);
        var res = AttemptRules.Resolve(m, outcomes, now, First, Max, GiveUp);
        Assert.Equal(new[] { RecipientStatus.Delivered, RecipientStatus.Failed, RecipientStatus.Pending }, res.Records.Select(r => r.Status));
        Assert.Equal(now + TimeSpan.FromMinutes(20), res.Records[2].NextAttempt);
        var notice = Assert.Single(res.Notices);
        Assert.Equal(DsnAction.Failed, notice.Action);
        Assert.Equal("bad@r.test", notice.Recipient.Address.ToString());
    }

    [Fact]
    public void No_notice_for_a_null_sender_or_NOTIFY_NEVER()
    {
        var fail = new[] { ReplyClassifier.FromReply(A("bad@r.test"), 550, "no", "mx") };
        Assert.Empty(AttemptRules.Resolve(M(null, R("bad@r.test")), fail, T0, First, Max, GiveUp).Notices);
        var never = AttemptRules.Resolve(M(A("s@l.test"), R("bad@r.test", DsnNotify.Never)), fail, T0, First, Max, GiveUp);
        Assert.Empty(never.Notices);
        Assert.Equal(RecipientStatus.Failed, Assert.Single(never.Records).Status);
        Assert.Empty(AttemptRules.Resolve(M(A("s@l.test"), R("bad@r.test", DsnNotify.Success)), fail, T0, First, Max, GiveUp).Notices);
    }

    [Fact]
    public void DELAY_gets_one_notice_at_the_first_temporary_failure_and_SUCCESS_a_relayed_notice_without_remote_DSN()
    {
        var busy = new[] { ReplyClassifier.FromReply(A("x@r.test"), 451, "busy", "mx") };
        Assert.Equal(DsnAction.Delayed, Assert.Single(AttemptRules.Resolve(M(A("s@l.test"), R("x@r.test", DsnNotify.Delay)), busy, T0, First, Max, GiveUp).Notices).Action);
        Assert.Empty(AttemptRules.Resolve(M(A("s@l.test"), R("x@r.test", DsnNotify.Delay, attempts: 1)), busy, T0, First, Max, GiveUp).Notices);
        var ok = ReplyClassifier.FromReply(A("x@r.test"), 250, "ok", "mx");
        var m = M(A("s@l.test"), R("x@r.test", DsnNotify.Success));
        Assert.Equal(DsnAction.Relayed, Assert.Single(AttemptRules.Resolve(m, new[] { ok }, T0, First, Max, GiveUp).Notices).Action);
        Assert.Empty(AttemptRules.Resolve(m, new[] { ok with { RemoteOfferedDsn = true } }, T0, First, Max, GiveUp).Notices);
    }

    [Fact]
    public void A_temporary_failure_after_give_up_time_fails_the_recipient()
    {
        var busy = new[] { ReplyClassifier.FromReply(A("x@r.test"), 451, "busy", "mx") };
        var res = AttemptRules.Resolve(M(A("s@l.test"), R("x@r.test")), busy, T0 + GiveUp, First, Max, GiveUp);
        Assert.Equal(RecipientStatus.Failed, Assert.Single(res.Records).Status);
        var n = Assert.Single(res.Notices);
        Assert.Equal("4.4.7", n.Outcome.Status);
        Assert.Contains("expired", n.Outcome.Diagnostic);
    }

    [Fact]
    public void Dsn_is_a_multipart_report_with_delivery_status_and_the_original()
    {
        var original = new MimeMessage();
        original.From.Add(new MailboxAddress("", "s@local.test"));
        original.Subject = "hello";
        original.Body = new TextPart("plain") { Text = "body text" };
        var r = R("bad@r.test", DsnNotify.Failure, orcpt: "rfc822;Bad@R.test");
        var entry = new DsnEntry(r, ReplyClassifier.FromReply(r.Address, 550, "5.1.1 unknown user", "mx.r.test"), DsnAction.Failed);
        var report = new DsnReport("mx.local.test", "local.test", A("s@local.test"), "q1", "ENV-7", T0, DsnReturn.Default, new[] { entry });
        var dsn = DsnBuilder.Build(report, original, T0);

        Assert.Equal("MAILER-DAEMON@local.test", dsn.From.Mailboxes.Single().Address);
        var multipart = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", multipart.ReportType);
        Assert.Contains("could not", ((TextPart)multipart[0]).Text);
        var status = Assert.IsType<MessageDeliveryStatus>(multipart[1]);
        Assert.Equal("dns; mx.local.test", status.StatusGroups[0]["Reporting-MTA"]);
        Assert.Equal("ENV-7", status.StatusGroups[0]["Original-Envelope-Id"]);
        var g = status.StatusGroups[1];
        Assert.Equal("rfc822; bad@r.test", g["Final-Recipient"]);
        Assert.Equal("rfc822; Bad@R.test", g["Original-Recipient"]);
        Assert.Equal("failed", g["Action"]);
        Assert.Equal("5.1.1", g["Status"]);
        Assert.Equal("dns; mx.r.test", g["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.1.1 unknown user", g["Diagnostic-Code"]);
        Assert.Equal("body text", ((TextPart)Assert.IsType<MessagePart>(multipart[2]).Message!.Body!).Text);

        var headersOnly = DsnBuilder.Build(report with { Return = DsnReturn.Headers }, original, T0);
        var part = Assert.IsType<TextRfc822Headers>(((MultipartReport)headersOnly.Body!)[2]);
        Assert.Equal("hello", part.Message!.Subject);
        using var ms = new MemoryStream();
        headersOnly.WriteTo(ms);
        Assert.DoesNotContain("body text", System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }

    [Fact]
    public void Due_lists_messages_with_a_due_pending_recipient_oldest_first_skipping_leased()
    {
        var s = QueueState.Empty;
        s = QueueLogic.Apply(s, new MessageQueued(Entry("b", "b", "x@r.test") with { Recipients = new[] { R("x@r.test") with { NextAttempt = T0 + TimeSpan.FromSeconds(5) } } }));
        s = QueueLogic.Apply(s, new MessageQueued(Entry("a", "a", "y@r.test") with { Recipients = new[] { R("y@r.test") with { NextAttempt = T0 + TimeSpan.FromSeconds(1) } } }));
        s = QueueLogic.Apply(s, new MessageQueued(Entry("c", "c", "z@r.test") with { Recipients = new[] { R("z@r.test") with { NextAttempt = T0 + TimeSpan.FromHours(1) } } }));
        Assert.Equal(new[] { "a", "b" }, QueueLogic.Due(s, T0 + TimeSpan.FromMinutes(1), 10).Select(m => m.Id));
        Assert.Equal(new[] { "b" }, QueueLogic.Due(s, T0 + TimeSpan.FromMinutes(1), 10, id => id == "a").Select(m => m.Id));
        Assert.Equal(new[] { "a" }, QueueLogic.Due(s, T0 + TimeSpan.FromMinutes(1), 1).Select(m => m.Id));
        Assert.Equal(T0 + TimeSpan.FromSeconds(1), QueueLogic.NextDue(s));
    }

    [Fact]
    public void Split_writes_at_once_only_the_records_that_owe_no_notice()
    {
        var m = M(A("s@l.test"), R("ok@r.test"), R("bad@r.test"), R("busy@r.test"), R("told@r.test", DsnNotify.Success), R("quiet@r.test", DsnNotify.Never));
        var outcomes = new[]
        {
            ReplyClassifier.FromReply(A("ok@r.test"), 250, "2.0.0 ok", "mx"),
            ReplyClassifier.FromReply(A("bad@r.test"), 550, "5.1.1 no such user", "mx"),
            ReplyClassifier.FromReply(A("busy@r.test"), 451, "4.3.0 busy", "mx"),
            ReplyClassifier.FromReply(A("told@r.test"), 250, "2.0.0 ok", "mx"),
            ReplyClassifier.FromReply(A("quiet@r.test"), 550, "5.1.1 no such user", "mx"),
        };
        var (now, held) = AttemptRules.Split(AttemptRules.Resolve(m, outcomes, T0, First, Max, GiveUp));
        Assert.Equal(new[] { "ok@r.test", "busy@r.test", "quiet@r.test" }, now.Select(r => r.Address));
        Assert.Equal(new[] { "bad@r.test", "told@r.test" }, held.Records.Select(r => r.Address));
        Assert.Equal(new[] { DsnAction.Failed, DsnAction.Relayed }, held.Notices.Select(n => n.Action));

        var (all, none) = AttemptRules.Split(AttemptRules.Resolve(m, outcomes.Take(1).ToList(), T0, First, Max, GiveUp));
        Assert.Single(all);
        Assert.Empty(none.Records);
        Assert.Empty(none.Notices);
    }

    [Fact]
    public void The_due_index_follows_every_event_and_matches_a_rebuilt_state()
    {
        var s = QueueState.Empty;
        for (int i = 0; i < 6; i++)
            s = QueueLogic.Apply(s, new MessageQueued(Entry($"m{i}", $"m{i}", "x@r.test", "y@r.test") with
            {
                Recipients = new[] { R("x@r.test") with { NextAttempt = T0 + TimeSpan.FromSeconds(10 - i) }, R("y@r.test") with { NextAttempt = T0 + TimeSpan.FromSeconds(20) } },
            }));
        s = QueueLogic.Apply(s, new RecipientAttempted("m5", "x@r.test", RecipientStatus.Delivered, null, "250 ok", T0));
        s = QueueLogic.Apply(s, new RecipientAttempted("m4", "x@r.test", RecipientStatus.Pending, T0 + TimeSpan.FromHours(1), "451 busy", T0));
        s = QueueLogic.Apply(s, new RecipientAttempted("m3", "x@r.test", RecipientStatus.Delivered, null, "250 ok", T0));
        s = QueueLogic.Apply(s, new RecipientAttempted("m3", "y@r.test", RecipientStatus.Failed, null, "550 no", T0));
        s = QueueLogic.Apply(s, new MessageDeleted("m2"));

        Assert.Equal(new[] { "m1", "m0" }, QueueLogic.Due(s, T0 + TimeSpan.FromSeconds(10), 10).Select(m => m.Id));
        Assert.Equal(new[] { "m1", "m0", "m4", "m5" }, QueueLogic.Due(s, T0 + TimeSpan.FromSeconds(30), 10).Select(m => m.Id));
        Assert.Equal(T0 + TimeSpan.FromSeconds(9), QueueLogic.NextDue(s));
        Assert.Equal(s.DueIndex, new QueueState(s.Messages, s.ConnectionOverride).DueIndex);

        s = QueueLogic.Apply(s, new QueueFlushed(T0));
        Assert.Equal(new[] { "m0", "m1", "m4", "m5" }, QueueLogic.Due(s, T0, 10).Select(m => m.Id));
        Assert.Equal(s.DueIndex, new QueueState(s.Messages, s.ConnectionOverride).DueIndex);
        foreach (var id in new[] { "m0", "m1", "m4", "m5" })
            foreach (var r in s.Messages[id].Recipients.Where(r => r.Status == RecipientStatus.Pending))
                s = QueueLogic.Apply(s, new RecipientAttempted(id, r.Address.ToString(), RecipientStatus.Delivered, null, "250 ok", T0));
        Assert.Empty(s.Messages);
        Assert.Empty(s.DueIndex);
        Assert.Null(QueueLogic.NextDue(s));
    }
}
