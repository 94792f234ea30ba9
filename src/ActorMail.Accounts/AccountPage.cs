using System.Collections.Immutable;

namespace ActorMail.Accounts;

/// <summary>One page of accounts in key order; ask again with <paramref name="NextAfterKey"/> while it is not null.</summary>
public sealed record AccountPage(ImmutableArray<AccountInfo> Items, string? NextAfterKey);
