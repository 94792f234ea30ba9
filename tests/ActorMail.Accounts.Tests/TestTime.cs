namespace ActorMail.Accounts.Tests;

/// <summary>A clock the test moves by hand (timers still run on real time).</summary>
internal sealed class TestTime(DateTimeOffset start) : TimeProvider, Core.IClock
{
    private long ticks = start.UtcTicks;

    public DateTimeOffset Now => GetUtcNow();

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
