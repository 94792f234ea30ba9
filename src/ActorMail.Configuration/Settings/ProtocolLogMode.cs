namespace ActorMail.Configuration;

/// <summary>What the protocol log records (<c>actormail.log.protocol</c>).</summary>
public enum ProtocolLogMode { Off, Commands, Full }
