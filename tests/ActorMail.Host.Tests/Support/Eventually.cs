using System.Diagnostics;

namespace ActorMail.Host.Tests.Support;

/// <summary>Bounded polling for conditions that become true asynchronously.</summary>
public static class Eventually
{
    /// <summary>Pause between two checks of a condition that is waited on with a timeout.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads a value until <paramref name="done"/> accepts it or <paramref name="timeout"/> passes; returns
    /// the last value read either way, so that the caller's assertion reports it.
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || clock.Elapsed > timeout) return value;
            await Task.Delay(PollInterval);
        }
    }
}
