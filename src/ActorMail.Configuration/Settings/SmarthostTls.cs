namespace ActorMail.Configuration;

/// <summary>TLS towards the smarthost (<c>actormail.delivery.smarthost.tls</c>).</summary>
public enum SmarthostTls { StartTls, Implicit, None }
