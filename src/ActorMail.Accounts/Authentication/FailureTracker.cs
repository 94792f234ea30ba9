using System.Net;
using System.Net.Sockets;

namespace ActorMail.Accounts.Authentication;

/// <summary>
/// Counts failed logins per client address in fixed windows: the first failure opens a window of
/// <see cref="Window"/>; once <see cref="MaxFailures"/> failures fall in it, the address is blocked until the window ends.
/// IPv6 clients are counted per /64, since one host usually holds the whole prefix. Bounded and thread-safe.
/// </summary>
public sealed class FailureTracker
{
    public const int DefaultCapacity = 100_000;

    private readonly Dictionary<IPAddress, Counter> counters = [];
    private readonly object gate = new();
    private readonly int capacity;

    public FailureTracker(int maxFailures, TimeSpan window, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(window.Ticks, nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        MaxFailures = maxFailures;
        Window = window;
        this.capacity = capacity;
    }

    public int MaxFailures { get; }

    public TimeSpan Window { get; }

    /// <summary>True while <paramref name="remote"/> has used up its failures in the current window.</summary>
    public bool IsBlocked(IPAddress remote, DateTimeOffset now)
    {
        lock (gate)
        {
            return counters.TryGetValue(Bucket(remote), out var c) && now < c.Start + Window && c.Failures >= MaxFailures;
        }
    }

    /// <summary>Counts one failed login of <paramref name="remote"/>.</summary>
    public void RecordFailure(IPAddress remote, DateTimeOffset now)
    {
        var bucket = Bucket(remote);
        lock (gate)
        {
            if (counters.TryGetValue(bucket, out var c) && now < c.Start + Window && now >= c.Start)
            {
                counters[bucket] = c with { Failures = c.Failures + 1 };
                return;
            }
            if (counters.Count >= capacity) Prune(now);
            counters[bucket] = new Counter(now, 1);
        }
    }

    /// <summary>Number of addresses (or /64 prefixes) currently tracked.</summary>
    public int Count
    {
        get
        {
            lock (gate) return counters.Count;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (k, c) in counters.ToList())
            if (now >= c.Start + Window || now < c.Start) counters.Remove(k);
        while (counters.Count >= capacity)
            counters.Remove(counters.MinBy(kv => kv.Value.Start).Key);
    }

    private static IPAddress Bucket(IPAddress remote)
    {
        if (remote.IsIPv4MappedToIPv6) return remote.MapToIPv4();
        if (remote.AddressFamily != AddressFamily.InterNetworkV6) return remote;
        var bytes = remote.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private readonly record struct Counter(DateTimeOffset Start, int Failures);
}
