namespace ActorMail.Delivery.Outbound;

/// <summary>Thrown when the remote refused every recipient of a transaction.</summary>
public sealed class NoRecipientsAcceptedException() : Exception("no recipient was accepted");
