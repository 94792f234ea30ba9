namespace ActorMail.Storage.Tests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime : TimeProvider
{
    private long ticks = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
