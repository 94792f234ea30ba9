namespace ActorMail.Accounts;

/// <summary>Why the directory refused a command or query.</summary>
public enum DirectoryErrorKind
{
    /// <summary>No such account, alias, alias target or domain.</summary>
    NotFound,
    /// <summary>The account, alias target or domain exists already, or the address is taken by an alias or account.</summary>
    AlreadyExists,
    /// <summary>A malformed value (address, domain, password hash, port, forward to itself).</summary>
    Invalid,
    /// <summary>The domain still has accounts or aliases, or is named in the configuration (see <see cref="DirectoryError.SettingsKey"/>).</summary>
    DomainInUse,
    /// <summary>The address is not on a local domain.</summary>
    NotLocalDomain,
}
