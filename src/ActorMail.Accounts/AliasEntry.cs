using System.Collections.Immutable;
using ActorMail.Core;

namespace ActorMail.Accounts;

/// <summary>An alias address and the local or remote addresses it expands to (never empty while it exists).</summary>
public sealed record AliasEntry(MailAddress Address, ImmutableArray<MailAddress> Targets)
{
    public string Key => Address.Key;
}
