using System.Net;
using System.Security.Authentication;

namespace ActorMail.Transport;

/// <summary>One accepted client connection, as seen by a protocol session. Safe to call from any thread.</summary>
public interface IClientConnection
{
    /// <summary>Short identifier, unique within the process, for logs.</summary>
    string Id { get; }

    IPEndPoint RemoteEndPoint { get; }

    IPEndPoint LocalEndPoint { get; }

    /// <summary>Name of the listener that accepted the connection (<see cref="ListenerOptions.Name"/>).</summary>
    string ListenerName { get; }

    /// <summary>True once a TLS handshake (implicit or STARTTLS) has succeeded.</summary>
    bool IsSecure { get; }

    /// <summary>The negotiated TLS protocol, or <see cref="SslProtocols.None"/> while the connection is plaintext.</summary>
    SslProtocols TlsProtocol { get; }

    /// <summary>Queues a copy of <paramref name="data"/> for sending, after every earlier write; nothing is sent before a flush.</summary>
    void Write(ReadOnlyMemory<byte> data);

    /// <summary>
    /// Sends everything written so far. Completes at once while little is on its way to the client, otherwise when
    /// everything written has been handed to the socket (back-pressure on a client that does not read); faults with
    /// an <see cref="IOException"/> if the connection is gone.
    /// </summary>
    Task FlushAsync();

    /// <summary><see cref="Write"/> followed by <see cref="FlushAsync"/>.</summary>
    Task WriteAndFlushAsync(ReadOnlyMemory<byte> data);

    /// <summary>
    /// Flushes pending writes in plaintext, then upgrades the connection to TLS (RFC 3207); completes when the
    /// handshake succeeded and faults otherwise.
    /// </summary>
    /// <remarks>
    /// Write the go-ahead reply (<c>220 2.0.0</c>) without awaiting its flush, then call this: the reply is flushed in
    /// plaintext right before the TLS handler takes over, so the client's handshake cannot arrive too early.
    /// From this call until the handshake completes, any plaintext the client sends closes the connection unread.
    /// Bytes the sink had already received after the STARTTLS command line are plaintext sent before the upgrade:
    /// the protocol must discard them or close the connection, never execute them.
    /// </remarks>
    Task StartTlsAsync();

    /// <summary>Stops reading from the socket (back-pressure); a read already in progress may still be delivered.</summary>
    void PauseReading();

    /// <summary>Resumes reading after <see cref="PauseReading"/>.</summary>
    void ResumeReading();

    /// <summary>Flushes pending writes, then closes the connection; completes when it is closed.</summary>
    Task CloseAsync();

    /// <summary>Completes when the connection is closed, by either side.</summary>
    Task Completion { get; }
}
