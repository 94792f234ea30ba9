using System.Collections.Immutable;

namespace ActorMail.Accounts;

/// <summary>One page of aliases in key order; ask again with <paramref name="NextAfterKey"/> while it is not null.</summary>
public sealed record AliasPage(ImmutableArray<AliasEntry> Items, string? NextAfterKey);
