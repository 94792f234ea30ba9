using System.Net;
using System.Net.Sockets;

namespace ActorMail.Transport;

/// <summary>A listener could not bind its address; the message names the address, the reason and the key to change.</summary>
public sealed class ListenerBindException : Exception
{
    public ListenerBindException(string listenerName, IPEndPoint endPoint, string settingsKey, SocketError error, string reason, Exception? inner)
        : base(Describe(listenerName, endPoint, settingsKey, error, reason), inner)
    {
        ListenerName = listenerName;
        EndPoint = endPoint;
        SettingsKey = settingsKey;
        Error = error;
    }

    public string ListenerName { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>The configuration key that sets this listener's port.</summary>
    public string SettingsKey { get; }

    public SocketError Error { get; }

    private static string Describe(string name, IPEndPoint endPoint, string key, SocketError error, string reason)
    {
        var hint = error == SocketError.AccessDenied && endPoint.Port is > 0 and < 1024
            ? "; ports below 1024 need root or CAP_NET_BIND_SERVICE"
            : string.Empty;
        return $"cannot listen on {endPoint} ({name}): {reason}{hint}; change {key}";
    }
}
