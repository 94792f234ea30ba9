namespace ActorMail.Configuration;

/// <summary>Client address rules of one protocol (<c>actormail.&lt;protocol&gt;.access</c>).</summary>
/// <remarks>Allow and Deny hold validated addresses or CIDR ranges as written; deny wins over allow.</remarks>
public sealed record AccessSettings
{
    public required AccessPreset Preset { get; init; }
    public required IReadOnlyList<string> Allow { get; init; }
    public required IReadOnlyList<string> Deny { get; init; }
}
