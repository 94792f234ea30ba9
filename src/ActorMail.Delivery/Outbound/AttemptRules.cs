using ActorMail.Core;
using ActorMail.Delivery.Queue;

namespace ActorMail.Delivery.Outbound;

/// <summary>The Action field of a per-recipient DSN block (RFC 3464 §2.3.3).</summary>
public enum DsnAction : byte
{
    Failed = 0,
    Delayed = 1,
    Relayed = 2,
}

/// <summary>One recipient to report in a DSN.</summary>
public sealed record DsnEntry(QueuedRecipient Recipient, RecipientOutcome Outcome, DsnAction Action);

/// <summary>What to write to the queue and which notices to send after one attempt on a message.</summary>
public sealed record AttemptResolution(IReadOnlyList<RecordAttempt> Records, IReadOnlyList<DsnEntry> Notices);

/// <summary>
/// Turns the outcomes of one attempt into queue records and DSN notices (RFC 3461/3464):
/// delivered recipients end; permanent failures end at once; temporary ones are retried on the
/// back-off schedule until the message is older than give-up-after, then fail.
/// Notices: never for a null-sender message (no loops) nor for NOTIFY=NEVER; failures are reported
/// unless NOTIFY lacks FAILURE; NOTIFY=DELAY gets one delay notice, at the first temporary failure;
/// NOTIFY=SUCCESS gets a "relayed" notice when the remote did not take the DSN request itself.
/// </summary>
public static class AttemptRules
{
    public static AttemptResolution Resolve(QueuedMessage message, IReadOnlyList<RecipientOutcome> outcomes,
        DateTimeOffset now, TimeSpan retryFirst, TimeSpan retryMax, TimeSpan giveUpAfter)
    {
        var records = new List<RecordAttempt>();
        var notices = new List<DsnEntry>();
        bool giveUp = RetrySchedule.GiveUp(message.QueuedAt, now, giveUpAfter);
        foreach (var outcome in outcomes)
        {
            var r = message.Recipients.FirstOrDefault(x => x.Status == RecipientStatus.Pending && x.Address.Key == outcome.Address.Key);
            if (r is null || records.Any(x => x.Address.Equals(r.Address.ToString(), StringComparison.OrdinalIgnoreCase))) continue;
            var address = r.Address.ToString();
            switch (outcome.Kind)
            {
                case OutcomeKind.Delivered:
                    records.Add(new RecordAttempt(message.Id, address, RecipientStatus.Delivered, null, outcome.Diagnostic));
                    if (Wants(message, r, DsnNotify.Success) && !outcome.RemoteOfferedDsn)
                        notices.Add(new DsnEntry(r, outcome, DsnAction.Relayed));
                    break;
                case OutcomeKind.Permanent:
                    records.Add(new RecordAttempt(message.Id, address, RecipientStatus.Failed, null, outcome.Diagnostic));
                    if (WantsFailure(message, r)) notices.Add(new DsnEntry(r, outcome, DsnAction.Failed));
                    break;
                case OutcomeKind.Temporary when giveUp:
                {
                    var final = outcome with
                    {
                        Status = "4.4.7",
                        Diagnostic = outcome.Diagnostic + $" (delivery time expired after {Describe(giveUpAfter)})",
                    };
                    records.Add(new RecordAttempt(message.Id, address, RecipientStatus.Failed, null, final.Diagnostic));
                    if (WantsFailure(message, r)) notices.Add(new DsnEntry(r, final, DsnAction.Failed));
                    break;
                }
                case OutcomeKind.Temporary:
                {
                    var next = now + RetrySchedule.Delay(r.Attempts + 1, retryFirst, retryMax);
                    records.Add(new RecordAttempt(message.Id, address, RecipientStatus.Pending, next, outcome.Diagnostic));
                    if (r.Attempts == 0 && Wants(message, r, DsnNotify.Delay))
                        notices.Add(new DsnEntry(r, outcome, DsnAction.Delayed));
                    break;
                }
            }
        }
        return new AttemptResolution(records, notices);
    }

    /// <summary>
    /// Splits a resolution into the records that may be written as soon as their transaction ends
    /// (recipients that owe no notice) and the rest, records with their notices, which are written
    /// only once the notices are queued, so that a crash never loses a notice.
    /// </summary>
    public static (IReadOnlyList<RecordAttempt> Now, AttemptResolution Held) Split(AttemptResolution resolution)
    {
        if (resolution.Notices.Count == 0) return (resolution.Records, new AttemptResolution(Array.Empty<RecordAttempt>(), Array.Empty<DsnEntry>()));
        var owing = resolution.Notices.Select(n => n.Recipient.Address.Key).ToHashSet(StringComparer.Ordinal);
        var now = new List<RecordAttempt>();
        var held = new List<RecordAttempt>();
        foreach (var r in resolution.Records)
            (owing.Contains(r.Address.ToLowerInvariant()) ? held : now).Add(r);
        return (now, new AttemptResolution(held, resolution.Notices));
    }

    private static bool WantsFailure(QueuedMessage m, QueuedRecipient r) =>
        m.Sender is not null && (r.Notify == DsnNotify.Default || r.Notify.HasFlag(DsnNotify.Failure)) && !r.Notify.HasFlag(DsnNotify.Never);

    private static bool Wants(QueuedMessage m, QueuedRecipient r, DsnNotify flag) =>
        m.Sender is not null && r.Notify.HasFlag(flag) && !r.Notify.HasFlag(DsnNotify.Never);

    private static string Describe(TimeSpan t) =>
        t.TotalDays >= 1 && t.TotalDays == Math.Floor(t.TotalDays) ? $"{t.TotalDays:0} day(s)" : t.ToString();
}
