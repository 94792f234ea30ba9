using ActorMail.Transport;
using Akka.Actor;

namespace ActorMail.Sessions.Common;

/// <summary>Bytes the client sent (an owned copy, in order). Local to the node: never crosses remoting.</summary>
public sealed record ConnectionData(ReadOnlyMemory<byte> Chunk);

/// <summary>The TLS handshake started by STARTTLS/STLS completed.</summary>
public sealed record ConnectionTlsEstablished
{
    public static readonly ConnectionTlsEstablished Instance = new();
}

/// <summary>The client sent nothing for the listener's idle timeout.</summary>
public sealed record ConnectionIdle
{
    public static readonly ConnectionIdle Instance = new();
}

/// <summary>The connection is closed (by either side).</summary>
public sealed record ConnectionClosed
{
    public static readonly ConnectionClosed Instance = new();
}

/// <summary>Starts the session actor of a new connection under a <see cref="SessionSupervisor"/>.</summary>
public sealed record StartSession(IClientConnection Connection, Props Props);

/// <summary>A transport signal for the session of connection <see cref="ConnectionId"/>.</summary>
public sealed record SessionSignal(string ConnectionId, object Signal);
