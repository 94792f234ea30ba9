namespace ActorMail.Accounts;

/// <summary>Per-account relay for outgoing mail; Username and Password are null when the relay needs no login.</summary>
public sealed record SmarthostSettings(string Host, int Port, string? Username = null, string? Password = null);
