using System.Net;
using System.Net.Sockets;

namespace ActorMail.Transport.Access;

/// <summary>An IPv4 or IPv6 network in CIDR notation (<c>10.0.0.0/8</c>, <c>fe80::/10</c>; a bare address is a single host).</summary>
public sealed class Cidr
{
    private readonly byte[] network;

    private Cidr(byte[] network, int prefixLength, AddressFamily family)
    {
        this.network = network;
        PrefixLength = prefixLength;
        Family = family;
    }

    /// <summary>The network address, with the host bits cleared.</summary>
    public IPAddress Network => new(network);

    public int PrefixLength { get; }

    public AddressFamily Family { get; }

    /// <summary>Parses <c>address[/prefix]</c>; host bits beyond the prefix are ignored. An IPv4-mapped IPv6 network is stored as IPv4.</summary>
    public static bool TryParse(string? text, out Cidr cidr)
    {
        cidr = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/');
        var addressPart = slash < 0 ? trimmed : trimmed[..slash];
        if (!IPAddress.TryParse(addressPart, out var address) || addressPart.Contains('%'))
        {
            return false;
        }

        var maxBits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxBits;
        if (slash >= 0)
        {
            var prefixPart = trimmed[(slash + 1)..];
            if (prefixPart.Length is 0 or > 3 || !prefixPart.All(char.IsAsciiDigit))
            {
                return false;
            }

            prefix = int.Parse(prefixPart, System.Globalization.CultureInfo.InvariantCulture);
            if (prefix > maxBits)
            {
                return false;
            }
        }

        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
        }

        var bytes = address.GetAddressBytes();
        Mask(bytes, prefix);
        cidr = new Cidr(bytes, prefix, address.AddressFamily);
        return true;
    }

    /// <summary>Parses or throws a <see cref="FormatException"/> naming the text.</summary>
    public static Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"'{text}' is not an IP address or CIDR network");

    /// <summary>True when <paramref name="address"/> lies in this network; IPv4-mapped IPv6 addresses match IPv4 networks.</summary>
    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != Family)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written != network.Length)
        {
            return false;
        }

        var fullBytes = PrefixLength / 8;
        if (!bytes[..fullBytes].SequenceEqual(network.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var remainingBits = PrefixLength % 8;
        if (remainingBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - remainingBits));
        return (bytes[fullBytes] & mask) == network[fullBytes];
    }

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static void Mask(byte[] bytes, int prefix)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsHere = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsHere));
        }
    }
}
