namespace ActorMail.Transport;

/// <summary>A bounded set that forgets its oldest entries; used to log a refused address once, not on every retry.</summary>
internal sealed class RecentSet<T>
    where T : notnull
{
    private readonly int capacity;
    private readonly HashSet<T> members = new();
    private readonly Queue<T> order = new();
    private readonly object gate = new();

    public RecentSet(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
    }

    /// <summary>Adds <paramref name="item"/>; false when it was already present.</summary>
    public bool Add(T item)
    {
        lock (gate)
        {
            if (!members.Add(item))
            {
                return false;
            }

            order.Enqueue(item);
            if (order.Count > capacity)
            {
                members.Remove(order.Dequeue());
            }

            return true;
        }
    }
}
