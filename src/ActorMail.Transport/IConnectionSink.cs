namespace ActorMail.Transport;

/// <summary>Receives the events of one connection. Calls to one sink are never concurrent and arrive in order.</summary>
public interface IConnectionSink
{
    /// <summary>Bytes received from the client, in order and unframed. The memory is owned by the sink.</summary>
    void OnData(ReadOnlyMemory<byte> chunk);

    /// <summary>The TLS handshake started by <see cref="IClientConnection.StartTlsAsync"/> succeeded.</summary>
    void OnTlsEstablished();

    /// <summary>The listener's idle timeout elapsed with no input (not signalled while reading is paused).</summary>
    void OnIdle();

    /// <summary>The connection is closed; the last call this sink receives.</summary>
    void OnClosed();
}
