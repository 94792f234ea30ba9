using System.Net;
using System.Net.Sockets;
using ActorMail.Configuration;

namespace ActorMail.Sessions.Common;

/// <summary>actormail.auth.plaintext: where a password may travel without TLS.</summary>
public static class PlaintextPolicy
{
    public static bool Allows(PlaintextAuthPolicy policy, IPAddress remote, bool isTls) =>
        isTls || policy switch
        {
            PlaintextAuthPolicy.Always => true,
            PlaintextAuthPolicy.Lan => IsLoopback(remote) || IsLan(remote),
            PlaintextAuthPolicy.Loopback => IsLoopback(remote),
            _ => false,
        };

    public static bool IsLoopback(IPAddress a) => IPAddress.IsLoopback(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a);

    /// <summary>RFC 1918, link-local and IPv6 unique-local / link-local addresses.</summary>
    public static bool IsLan(IPAddress address)
    {
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = a.GetAddressBytes();
            return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
        }
        if (a.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = a.GetAddressBytes();
            return (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80);
        }
        return false;
    }
}
