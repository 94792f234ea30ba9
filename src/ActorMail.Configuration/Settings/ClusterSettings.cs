namespace ActorMail.Configuration;

/// <summary>Cluster transport of the node (<c>actormail.cluster</c>); port 0 = any free port.</summary>
public sealed record ClusterSettings
{
    public required string Hostname { get; init; }
    public required int Port { get; init; }
}
