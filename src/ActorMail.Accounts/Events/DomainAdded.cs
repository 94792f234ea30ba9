namespace ActorMail.Accounts.Events;

/// <summary>A local domain was added (normalized, lower-case).</summary>
public sealed record DomainAdded(string Domain) : IDirectoryEvent;
