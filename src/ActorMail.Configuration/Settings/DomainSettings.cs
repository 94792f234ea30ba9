namespace ActorMail.Configuration;

/// <summary>Local domains (<c>actormail.domains</c>), normalized to lower case.</summary>
public sealed record DomainSettings
{
    public required string Primary { get; init; }
    /// <summary>Further local domains, without duplicates and without the primary.</summary>
    public required IReadOnlyList<string> Additional { get; init; }
}
