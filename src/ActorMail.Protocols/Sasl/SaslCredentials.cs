namespace ActorMail.Protocols.Sasl;

/// <summary>Decoded SASL credentials. <see cref="ToString"/> never shows the password.</summary>
/// <param name="AuthorizationId">The identity to act as; empty when the client asked for none.</param>
/// <param name="AuthenticationId">The login name whose password was given.</param>
public sealed record SaslCredentials(string AuthorizationId, string AuthenticationId, string Password)
{
    /// <summary>RFC 4616 §2: servers must accept at least 255 octets; ActorMail accepts no more.</summary>
    public const int MaxFieldOctets = 255;

    /// <summary>The client asked to act as an identity other than the one it logged in as (which IMAP and POP3 do not offer).</summary>
    public bool ActsAsAnother =>
        AuthorizationId.Length > 0 && !string.Equals(AuthorizationId, AuthenticationId, StringComparison.OrdinalIgnoreCase);

    public override string ToString() =>
        $"SaslCredentials {{ AuthorizationId = {AuthorizationId}, AuthenticationId = {AuthenticationId}, Password = *** }}";
}
