namespace ActorMail.Storage.Summaries;

/// <summary>A thread-safe map holding at most <c>capacity</c> entries, dropping the least recently used.</summary>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int capacity;
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> map;
    private readonly LinkedList<(TKey Key, TValue Value)> order = new();
    private readonly Lock gate = new();

    public LruCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
        map = new Dictionary<TKey, LinkedListNode<(TKey, TValue)>>(comparer);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return map.Count;
            }
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (gate)
        {
            if (map.TryGetValue(key, out var node))
            {
                order.Remove(node);
                order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        lock (gate)
        {
            if (map.TryGetValue(key, out var node))
            {
                order.Remove(node);
                node.Value = (key, value);
                order.AddFirst(node);
                return;
            }

            map[key] = order.AddFirst((key, value));
            if (map.Count > capacity)
            {
                var last = order.Last!;
                order.RemoveLast();
                map.Remove(last.Value.Key);
            }
        }
    }
}
