namespace ActorMail.Accounts;

/// <summary>A refused directory command or query, with a message fit for an administrator.</summary>
/// <param name="SettingsKey">For a domain named in the configuration, the key that names it (<c>actormail.domains.primary</c> or <c>.additional</c>).</param>
public sealed record DirectoryError(DirectoryErrorKind Kind, string Message, string? SettingsKey = null)
{
    public override string ToString() => $"{Kind}: {Message}";
}
