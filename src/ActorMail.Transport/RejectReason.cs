namespace ActorMail.Transport;

/// <summary>Why the transport refused a connection.</summary>
public enum RejectReason
{
    /// <summary>The remote address is not allowed by the listener's access rules.</summary>
    AccessDenied,

    /// <summary>The remote address already holds the maximum number of connections.</summary>
    TooManyConnections,
}
