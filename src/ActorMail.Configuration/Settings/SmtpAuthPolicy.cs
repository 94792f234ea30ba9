namespace ActorMail.Configuration;

/// <summary>Who must authenticate to send (<c>actormail.smtp.auth-policy</c>).</summary>
public enum SmtpAuthPolicy { Always, InternetOnly, OpenRelay }
