using System.Net;

namespace ActorMail.Transport;

/// <summary>Counts open connections per (limit group, remote address). Thread-safe.</summary>
internal sealed class ConnectionLimiter
{
    private readonly Dictionary<(string Group, IPAddress Address), int> counts = new();
    private readonly object gate = new();

    /// <summary>Takes a slot unless the address already holds <paramref name="max"/> (zero or negative: no limit).</summary>
    public bool TryAcquire(string group, IPAddress address, int max)
    {
        var key = (group, address);
        lock (gate)
        {
            counts.TryGetValue(key, out var current);
            if (max > 0 && current >= max)
            {
                return false;
            }

            counts[key] = current + 1;
            return true;
        }
    }

    public void Release(string group, IPAddress address)
    {
        var key = (group, address);
        lock (gate)
        {
            if (!counts.TryGetValue(key, out var current))
            {
                return;
            }

            if (current <= 1)
            {
                counts.Remove(key);
            }
            else
            {
                counts[key] = current - 1;
            }
        }
    }

    public int Count(string group, IPAddress address)
    {
        lock (gate)
        {
            return counts.TryGetValue((group, address), out var current) ? current : 0;
        }
    }
}
