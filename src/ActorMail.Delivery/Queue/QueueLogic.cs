using ActorMail.Core;

namespace ActorMail.Delivery.Queue;

/// <summary>Commands the outbound queue decides on.</summary>
public abstract record QueueCommand;
public sealed record Enqueue(QueuedMessage Message) : QueueCommand;
public sealed record DeleteQueued(string Id) : QueueCommand;
public sealed record FlushQueue : QueueCommand;
public sealed record RecordAttempt(string Id, string Address, RecipientStatus Status, DateTimeOffset? NextAttempt, string? Error) : QueueCommand;
public sealed record SetConnectionOverride(ConnectionMode? Mode) : QueueCommand;

public sealed record QueueDecision(IReadOnlyList<IQueueEvent> Events, QueueError? Error = null, string? ErrorText = null)
{
    public static QueueDecision Fail(QueueError e, string text) => new(Array.Empty<IQueueEvent>(), e, text);
    public static QueueDecision Of(params IQueueEvent[] events) => new(events);
}

/// <summary>Decide/Apply of the outbound queue: pure, tested without Akka.</summary>
public static class QueueLogic
{
    public static QueueDecision Decide(QueueState state, QueueCommand command, DateTimeOffset now)
    {
        switch (command)
        {
            case Enqueue e:
                if (e.Message.Recipients.Count == 0)
                    return QueueDecision.Fail(QueueError.Invalid, "a queued message needs at least one recipient");
                // Idempotent: the ingest log may hand the same message again after a restart.
                return state.Messages.ContainsKey(e.Message.Id) || state.RecentIds.Contains(e.Message.Id)
                    ? QueueDecision.Of()
                    : QueueDecision.Of(new MessageQueued(e.Message));
            case DeleteQueued d:
                return state.Messages.ContainsKey(d.Id)
                    ? QueueDecision.Of(new MessageDeleted(d.Id))
                    : QueueDecision.Fail(QueueError.NotFound, $"no queued message {d.Id}");
            case FlushQueue:
                return QueueDecision.Of(new QueueFlushed(now));
            case RecordAttempt a:
                if (!state.Messages.TryGetValue(a.Id, out var m))
                    return QueueDecision.Fail(QueueError.NotFound, $"no queued message {a.Id}");
                if (!m.Recipients.Any(r => r.Status == RecipientStatus.Pending && r.Address.Key == a.Address.ToLowerInvariant()))
                    return QueueDecision.Fail(QueueError.NotFound, $"no pending recipient {a.Address} in {a.Id}");
                var events = new List<IQueueEvent> { new RecipientAttempted(a.Id, a.Address, a.Status, a.NextAttempt, a.Error, now) };
                return new QueueDecision(events);
            case SetConnectionOverride c:
                return state.ConnectionOverride == c.Mode ? QueueDecision.Of() : QueueDecision.Of(new ConnectionOverrideSet(c.Mode));
            default:
                return QueueDecision.Fail(QueueError.Invalid, "unknown queue command");
        }
    }

    public static QueueState Apply(QueueState state, IQueueEvent e)
    {
        switch (e)
        {
            case MessageQueued q:
                return state.Remember(q.Message.Id).WithMessage(q.Message.Id, q.Message);
            case MessageDeleted d:
                return state.WithMessage(d.Id, null);
            case QueueFlushed f:
            {
                var b = state.Messages.ToBuilder();
                foreach (var (id, m) in state.Messages)
                    b[id] = m with { Recipients = m.Recipients.Select(r => r.Status == RecipientStatus.Pending ? r with { NextAttempt = f.At } : r).ToList() };
                return state.WithMessages(b.ToImmutable());
            }
            case RecipientAttempted a:
            {
                if (!state.Messages.TryGetValue(a.Id, out var m)) return state;
                var key = a.Address.ToLowerInvariant();
                var rcpts = m.Recipients.Select(r => r.Address.Key == key && r.Status == RecipientStatus.Pending
                    ? r with { Status = a.Status, Attempts = r.Attempts + 1, NextAttempt = a.NextAttempt, LastError = a.Error }
                    : r).ToList();
                var updated = m with { Recipients = rcpts };
                return state.WithMessage(a.Id, updated.IsFinished ? null : updated);
            }
            case ConnectionOverrideSet c:
                return state with { ConnectionOverride = c.Mode };
            default:
                return state;
        }
    }

    /// <summary>
    /// Messages with a pending recipient due at <paramref name="now"/>, oldest due first, skipping the
    /// ids <paramref name="skip"/> says are taken (leased to a sender); at most <paramref name="max"/>.
    /// </summary>
    public static IReadOnlyList<QueuedMessage> Due(QueueState state, DateTimeOffset now, int max, Func<string, bool>? skip = null)
    {
        if (max <= 0) return Array.Empty<QueuedMessage>();
        var result = new List<QueuedMessage>();
        foreach (var e in state.DueIndex)
        {
            if (e.At > now || result.Count >= max) break;
            if (skip is not null && skip(e.Id)) continue;
            result.Add(state.Messages[e.Id]);
        }
        return result;
    }

    /// <summary>The earliest time any pending recipient is due (null when nothing is pending).</summary>
    public static DateTimeOffset? NextDue(QueueState state) =>
        state.DueIndex.Count == 0 ? null : state.DueIndex.Min.At;

    /// <summary>Builds a queue entry for remote recipients of an ingested message; every recipient is due at once.</summary>
    public static QueuedMessage NewEntry(string id, MailEnvelope envelope, BlobRef blob, IEnumerable<EnvelopeRecipient> recipients, DateTimeOffset now) =>
        new(id, envelope.Sender, blob, envelope.Return, envelope.EnvelopeId, envelope.AuthenticatedUser, now,
            recipients.Select(r => new QueuedRecipient(r.Address, r.Notify, r.OriginalRecipient, RecipientStatus.Pending, 0, now, null)).ToList());
}
