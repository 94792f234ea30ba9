namespace ActorMail.Core;

/// <summary>Time source, so that pure rules (retries, expunge, caches) are testable without waiting.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }
}

public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();
    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}
