namespace ActorMail.Configuration;

/// <summary>Connection type (<c>actormail.connection</c>): offline holds outbound mail.</summary>
public enum ConnectionMode { Permanent, Offline }
