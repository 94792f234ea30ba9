namespace ActorMail.Accounts.Events;

/// <summary>A local domain was removed.</summary>
public sealed record DomainRemoved(string Domain) : IDirectoryEvent;
