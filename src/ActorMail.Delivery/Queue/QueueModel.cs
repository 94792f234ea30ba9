using ActorMail.Core;

namespace ActorMail.Delivery.Queue;

/// <summary>Where one recipient of a queued message stands.</summary>
public enum RecipientStatus : byte
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>One recipient of a queued message with its own delivery state (one failure never resends to the others).</summary>
public sealed record QueuedRecipient(
    MailAddress Address,
    DsnNotify Notify,
    string? OriginalRecipient,
    RecipientStatus Status,
    int Attempts,
    DateTimeOffset? NextAttempt,
    string? LastError);

/// <summary>A message waiting in the outbound queue: blob reference, envelope, per-recipient state.</summary>
public sealed record QueuedMessage(
    string Id,
    MailAddress? Sender,
    BlobRef Blob,
    DsnReturn Return,
    string? EnvelopeId,
    string? AuthenticatedUser,
    DateTimeOffset QueuedAt,
    IReadOnlyList<QueuedRecipient> Recipients)
{
    public bool IsFinished => Recipients.All(r => r.Status != RecipientStatus.Pending);

    public DateTimeOffset? NextAttempt =>
        Recipients.Where(r => r.Status == RecipientStatus.Pending).Select(r => r.NextAttempt).Min();
}

/// <summary>The manual's connection type, as switched at run time (null = follow actormail.connection).</summary>
public enum ConnectionMode : byte
{
    Permanent = 0,
    Offline = 1,
}

public interface IQueueEvent { }

public sealed record MessageQueued(QueuedMessage Message) : IQueueEvent;
public sealed record MessageDeleted(string Id) : IQueueEvent;
public sealed record QueueFlushed(DateTimeOffset At) : IQueueEvent;
public sealed record RecipientAttempted(string Id, string Address, RecipientStatus Status, DateTimeOffset? NextAttempt, string? Error, DateTimeOffset At) : IQueueEvent;
public sealed record ConnectionOverrideSet(ConnectionMode? Mode) : IQueueEvent;

public enum QueueError : byte
{
    NotFound = 1,
    Invalid = 2,
}

/// <summary>Pure state of the outbound queue. Immutable: each Apply returns a new value.</summary>
public sealed record QueueState(
    System.Collections.Immutable.ImmutableSortedDictionary<string, QueuedMessage> Messages,
    ConnectionMode? ConnectionOverride)
{
    /// <summary>How many ids of recently queued messages are remembered after they left the queue.</summary>
    public const int RecentIdLimit = 10_000;

    public static readonly QueueState Empty = new(System.Collections.Immutable.ImmutableSortedDictionary<string, QueuedMessage>.Empty.WithComparers(StringComparer.Ordinal), null);

    /// <summary>
    /// Ids of the last <see cref="RecentIdLimit"/> messages ever queued, kept after they are sent or
    /// deleted, so that a message the ingest log hands on again after a restart is not queued twice.
    /// </summary>
    public System.Collections.Immutable.ImmutableHashSet<string> RecentIds { get; init; } = System.Collections.Immutable.ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary><see cref="RecentIds"/> in the order they were added (oldest first), for eviction.</summary>
    public System.Collections.Immutable.ImmutableQueue<string> RecentOrder { get; init; } = System.Collections.Immutable.ImmutableQueue<string>.Empty;

    public QueueState Remember(string id)
    {
        if (RecentIds.Contains(id)) return this;
        var ids = RecentIds.Add(id);
        var order = RecentOrder.Enqueue(id);
        while (ids.Count > RecentIdLimit)
        {
            order = order.Dequeue(out var oldest);
            ids = ids.Remove(oldest);
        }
        return this with { RecentIds = ids, RecentOrder = order };
    }
}
