namespace ActorMail.Accounts;

/// <summary>The domains named by <c>actormail.domains.primary</c> and <c>actormail.domains.additional</c>.</summary>
public sealed record ConfiguredDomains(string Primary, IReadOnlyList<string> Additional)
{
    public const string PrimaryKey = "actormail.domains.primary";
    public const string AdditionalKey = "actormail.domains.additional";

    /// <summary>The settings key naming <paramref name="domain"/>, or null when the configuration does not name it.</summary>
    public string? KeyNaming(string domain)
    {
        var d = Core.DomainName.Normalize(domain);
        if (Core.DomainName.Normalize(Primary) == d) return PrimaryKey;
        foreach (var a in Additional)
            if (Core.DomainName.Normalize(a) == d) return AdditionalKey;
        return null;
    }
}
