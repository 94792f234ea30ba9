using ActorMail.Core;
using ActorMail.Delivery.Queue;

namespace ActorMail.Delivery.Outbound;

/// <summary>How one delivery attempt ended for one recipient.</summary>
public enum OutcomeKind : byte
{
    Delivered = 0,
    Temporary = 1,
    Permanent = 2,
}

/// <summary>
/// The result of one attempt for one recipient: <see cref="Status"/> is the RFC 3463 code (x.y.z),
/// <see cref="Diagnostic"/> the remote reply ("550 5.1.1 no such user") or a local explanation.
/// <see cref="RemoteOfferedDsn"/> tells whether the remote took the DSN parameters (then it, not
/// ActorMail, reports success).
/// </summary>
public sealed record RecipientOutcome(
    MailAddress Address,
    OutcomeKind Kind,
    string Status,
    string Diagnostic,
    string? RemoteMta = null,
    bool RemoteOfferedDsn = false,
    bool FromSmtpReply = false);

/// <summary>One SMTP transaction to send: recipients of one destination domain.</summary>
public sealed record PlannedTransaction(string Domain, IReadOnlyList<QueuedRecipient> Recipients);

/// <summary>The manual's split: recipients grouped by destination domain, then cut into chunks.</summary>
public static class TransactionPlanner
{
    /// <summary>
    /// Groups <paramref name="recipients"/> by domain (first appearance order) and splits each group into
    /// transactions of at most <paramref name="perMessage"/> recipients (0 = no limit).
    /// </summary>
    public static IReadOnlyList<PlannedTransaction> Plan(IEnumerable<QueuedRecipient> recipients, int perMessage)
    {
        var result = new List<PlannedTransaction>();
        foreach (var group in recipients.GroupBy(r => r.Address.Domain, StringComparer.OrdinalIgnoreCase))
        {
            var list = group.ToList();
            int size = perMessage <= 0 ? list.Count : perMessage;
            for (int i = 0; i < list.Count; i += size)
                result.Add(new PlannedTransaction(group.Key, list.GetRange(i, Math.Min(size, list.Count - i))));
        }
        return result;
    }
}

/// <summary>Retry back-off: the n-th retry waits First·2^(n-1), capped at Max.</summary>
public static class RetrySchedule
{
    /// <summary>Delay before the next attempt after <paramref name="failedAttempts"/> failed attempts (≥ 1).</summary>
    public static TimeSpan Delay(int failedAttempts, TimeSpan first, TimeSpan max)
    {
        if (failedAttempts < 1) failedAttempts = 1;
        double ticks = first.Ticks * Math.Pow(2, Math.Min(failedAttempts - 1, 40));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>True once the message has waited <paramref name="giveUpAfter"/> since it was queued.</summary>
    public static bool GiveUp(DateTimeOffset queuedAt, DateTimeOffset now, TimeSpan giveUpAfter) => now - queuedAt >= giveUpAfter;
}

/// <summary>Classifies SMTP replies and transport faults (RFC 5321 §4.2.1, RFC 3463).</summary>
public static class ReplyClassifier
{
    /// <summary>2xx delivered, 4xx temporary, 5xx permanent; anything else temporary.</summary>
    public static OutcomeKind Classify(int code) => code switch
    {
        >= 200 and < 300 => OutcomeKind.Delivered,
        >= 500 and < 600 => OutcomeKind.Permanent,
        _ => OutcomeKind.Temporary,
    };

    /// <summary>The enhanced status code of a reply text ("5.1.1 user unknown"), or a default for the class.</summary>
    public static string StatusOf(int code, string? text)
    {
        if (text is not null)
        {
            var t = text.TrimStart();
            int sp = t.IndexOf(' ');
            var first = sp < 0 ? t : t[..sp];
            var parts = first.Split('.');
            if (parts.Length == 3 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit))
                && parts[0] is "2" or "4" or "5" && parts[0][0] == (char)('0' + code / 100))
                return first;
        }
        return Classify(code) switch
        {
            OutcomeKind.Delivered => "2.0.0",
            OutcomeKind.Permanent => "5.0.0",
            _ => "4.0.0",
        };
    }

    /// <summary>The outcome of one SMTP reply for a recipient.</summary>
    public static RecipientOutcome FromReply(MailAddress rcpt, int code, string text, string? remoteMta, bool remoteDsn = false) =>
        new(rcpt, Classify(code), StatusOf(code, text), $"{code} {text}".Trim(), remoteMta, remoteDsn, true);

    /// <summary>Connection refused, reset, timed out or dropped: temporary (4.4.1/4.4.2).</summary>
    public static RecipientOutcome ConnectionFault(MailAddress rcpt, string detail, string? remoteMta, bool timedOut = false) =>
        new(rcpt, OutcomeKind.Temporary, timedOut ? "4.4.1" : "4.4.2", detail, remoteMta);
}

/// <summary>"Send at most N messages from the queue, then pause." Pure: time is passed in.</summary>
public sealed class ThrottleGate(int messages, TimeSpan pause)
{
    private int _sent;

    /// <summary>When the current pause ends (null = not paused).</summary>
    public DateTimeOffset? PausedUntil { get; private set; }

    /// <summary>How many messages may start now.</summary>
    public int Allowance(DateTimeOffset now)
    {
        if (messages <= 0) return int.MaxValue;
        if (PausedUntil is { } until)
        {
            if (now < until) return 0;
            PausedUntil = null;
            _sent = 0;
        }
        return messages - _sent;
    }

    /// <summary>Counts one started message; the N-th starts the pause.</summary>
    public void Take(DateTimeOffset now)
    {
        if (messages <= 0) return;
        _sent++;
        if (_sent >= messages) PausedUntil = now + pause;
    }
}
