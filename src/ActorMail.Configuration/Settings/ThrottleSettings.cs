namespace ActorMail.Configuration;

/// <summary>Send at most <see cref="Messages"/> messages, then wait <see cref="Pause"/>; 0 messages = no throttling.</summary>
public sealed record ThrottleSettings
{
    public required int Messages { get; init; }
    public required TimeSpan Pause { get; init; }
}
