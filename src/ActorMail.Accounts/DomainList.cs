using System.Collections.Immutable;

namespace ActorMail.Accounts;

/// <summary>The local domains in order, and which one is primary (null before the first seeding).</summary>
public sealed record DomainList(string? Primary, ImmutableArray<string> Domains);
