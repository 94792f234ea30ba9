using System.Collections.Concurrent;

namespace ActorMail.Delivery.Outbound;

/// <summary>
/// A <see cref="SendJob"/> waiting in the <see cref="JobHandoff"/>: claimed by exactly one worker, or
/// withdrawn by the coordinator before any worker claimed it (offline, `queue delete`).
/// </summary>
internal sealed class JobTicket(SendJob job)
{
    private const int Waiting = 0, Claimed = 1, Withdrawn = 2;
    private int _state;

    public SendJob Job { get; } = job;

    public bool IsWaiting => Volatile.Read(ref _state) == Waiting;

    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Waiting) == Waiting;

    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Waiting) == Waiting;
}

/// <summary>
/// Jobs the coordinator leased while every worker was busy: the first worker that finishes its job
/// claims the next one here and starts it at once, without a round trip through the coordinator.
/// Shared by the coordinator and its workers; thread-safe.
/// </summary>
public sealed class JobHandoff
{
    private readonly ConcurrentQueue<JobTicket> _tickets = new();

    internal void Add(JobTicket ticket) => _tickets.Enqueue(ticket);

    /// <summary>The oldest job still waiting, now claimed by the caller; null when none waits.</summary>
    internal SendJob? TryClaim()
    {
        while (_tickets.TryDequeue(out var ticket))
            if (ticket.TryClaim()) return ticket.Job;
        return null;
    }
}
