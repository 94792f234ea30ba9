namespace ActorMail.Accounts.Events;

/// <summary>The primary domain (the one bare login names belong to) became <paramref name="Domain"/>.</summary>
public sealed record PrimaryDomainChanged(string Domain) : IDirectoryEvent;
