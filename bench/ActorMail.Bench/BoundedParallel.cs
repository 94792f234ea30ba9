namespace ActorMail.Bench;

/// <summary>Runs an async function over many items with a bounded number in flight.</summary>
static class BoundedParallel
{
    /// <summary>Runs f over items with at most `width` in flight, keeping the order of the results.</summary>
    public static IEnumerable<Task<TR>> Partition<T, TR>(IEnumerable<T> items, int width, Func<T, Task<TR>> f)
    {
        var gate = new SemaphoreSlim(width);
        return items.Select(async x =>
        {
            await gate.WaitAsync();
            try { return await f(x); }
            finally { gate.Release(); }
        }).ToArray();
    }
}
