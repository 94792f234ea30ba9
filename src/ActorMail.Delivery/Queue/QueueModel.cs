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

/// <summary>One entry of <see cref="QueueState.DueIndex"/>: when a message is next due, ordered by time, then id.</summary>
public readonly record struct DueEntry(DateTimeOffset At, string Id) : IComparable<DueEntry>
{
    public int CompareTo(DueEntry other)
    {
        int c = At.CompareTo(other.At);
        return c != 0 ? c : string.CompareOrdinal(Id, other.Id);
    }
}

/// <summary>Pure state of the outbound queue. Immutable: each Apply returns a new value.</summary>
public sealed record QueueState(
    System.Collections.Immutable.ImmutableSortedDictionary<string, QueuedMessage> Messages,
    ConnectionMode? ConnectionOverride)
{
    /// <summary>Messages by id; replaced only through <see cref="WithMessage"/> or <see cref="WithMessages"/>, which keep the index.</summary>
    public System.Collections.Immutable.ImmutableSortedDictionary<string, QueuedMessage> Messages { get; private init; } = Messages;

    /// <summary>
    /// Every message with a pending recipient, by the time it is next due: the queue finds due
    /// messages without scanning all of them. Built from <see cref="Messages"/> on construction and
    /// kept in step by <see cref="WithMessage"/>.
    /// </summary>
    public System.Collections.Immutable.ImmutableSortedSet<DueEntry> DueIndex { get; private init; } = IndexOf(Messages);

    private static System.Collections.Immutable.ImmutableSortedSet<DueEntry> IndexOf(
        System.Collections.Immutable.ImmutableSortedDictionary<string, QueuedMessage> messages)
    {
        var b = System.Collections.Immutable.ImmutableSortedSet.CreateBuilder<DueEntry>();
        foreach (var m in messages.Values)
            if (m.NextAttempt is { } at) b.Add(new DueEntry(at, m.Id));
        return b.ToImmutable();
    }

    /// <summary>Puts <paramref name="message"/> in place of the entry with its id (null removes <paramref name="id"/>), index included.</summary>
    public QueueState WithMessage(string id, QueuedMessage? message)
    {
        var index = DueIndex;
        if (Messages.TryGetValue(id, out var old) && old.NextAttempt is { } was) index = index.Remove(new DueEntry(was, id));
        if (message is null) return this with { Messages = Messages.Remove(id), DueIndex = index };
        if (message.NextAttempt is { } next) index = index.Add(new DueEntry(next, id));
        return this with { Messages = Messages.SetItem(id, message), DueIndex = index };
    }

    /// <summary>A state with the given messages, the index rebuilt.</summary>
    public QueueState WithMessages(System.Collections.Immutable.ImmutableSortedDictionary<string, QueuedMessage> messages) =>
        this with { Messages = messages, DueIndex = IndexOf(messages) };

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
