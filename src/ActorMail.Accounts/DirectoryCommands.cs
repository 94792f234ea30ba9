using ActorMail.Core;

namespace ActorMail.Accounts;

/// <summary>The commands of the account directory. Each carries everything needed to decide it (hashes are computed by the caller).</summary>
public static class DirectoryCommands
{
    /// <summary>Adds an additional local domain.</summary>
    public sealed record AddDomain(string Domain) : IDirectoryCommand;

    /// <summary>Removes a local domain; refused while accounts or aliases use it or the configuration names it.</summary>
    public sealed record RemoveDomain(string Domain, ConfiguredDomains Configured) : IDirectoryCommand;

    /// <summary>Brings the configured domains into the directory at start-up; emits only what changed (domains are never removed by it).</summary>
    public sealed record SeedDomains(string Primary, IReadOnlyList<string> Additional) : IDirectoryCommand;

    /// <summary>Creates an active account on a local domain.</summary>
    public sealed record AddUser(MailAddress Address, string DisplayName, string PasswordHash) : IDirectoryCommand;

    /// <summary>
    /// Changes account settings; a null member leaves that setting as it is. An empty <paramref name="Forward"/>
    /// list clears the forward; <paramref name="ClearSmarthost"/> removes the smarthost; an empty
    /// <paramref name="SmsNumber"/> clears it; a null value in <paramref name="Properties"/> removes that property.
    /// </summary>
    public sealed record SetUser(
        MailAddress Address,
        string? DisplayName = null,
        bool? Active = null,
        IReadOnlyList<MailAddress>? Forward = null,
        bool? KeepCopy = null,
        SmarthostSettings? Smarthost = null,
        bool ClearSmarthost = false,
        string? SmsNumber = null,
        IReadOnlyDictionary<string, string?>? Properties = null) : IDirectoryCommand;

    /// <summary>Replaces an account's password hash.</summary>
    public sealed record SetPassword(MailAddress Address, string PasswordHash) : IDirectoryCommand;

    /// <summary>Removes an account and every alias target pointing at it.</summary>
    public sealed record RemoveUser(MailAddress Address) : IDirectoryCommand;

    /// <summary>Adds a target to an alias on a local domain, creating the alias when it is new.</summary>
    public sealed record AddAlias(MailAddress Alias, MailAddress Target) : IDirectoryCommand;

    /// <summary>Removes one target of an alias; the alias disappears with its last target.</summary>
    public sealed record RemoveAlias(MailAddress Alias, MailAddress Target) : IDirectoryCommand;
}
