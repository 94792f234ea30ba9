namespace ActorMail.Configuration;

/// <summary>Where plaintext logins without TLS are allowed (<c>actormail.auth.plaintext</c>).</summary>
public enum PlaintextAuthPolicy { Never, Loopback, Lan, Always }
