namespace ActorMail.Configuration;

/// <summary>Minimum log level (<c>actormail.log.level</c>).</summary>
public enum ActorMailLogLevel { Verbose, Debug, Information, Warning, Error, Fatal }
