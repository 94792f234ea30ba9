namespace ActorMail.Transport;

/// <summary>Accepts connections for one listener; implemented by the protocol session layer.</summary>
public interface IConnectionHandler
{
    /// <summary>
    /// A connection was accepted and admitted; returns the sink that receives its events.
    /// On an implicit-TLS listener this is called once the handshake has succeeded.
    /// </summary>
    IConnectionSink OnConnected(IClientConnection connection);

    /// <summary>
    /// A connection is refused. The handler may write a reply (for example <c>421</c>); the transport then
    /// flushes and closes the connection. No sink is created. On an implicit-TLS listener an access refusal comes
    /// before the handshake (nothing written reaches the client); a connection-limit refusal comes after it.
    /// </summary>
    void OnRejected(IClientConnection connection, RejectReason reason);
}
