using System.Net;

namespace ActorMail.Transport.Access;

/// <summary>
/// Decides which remote addresses may connect to a listener. An address is allowed when it is in no deny
/// network, lies in the preset's set, and, when the allow list is not empty, lies in an allow network.
/// </summary>
public sealed class AccessRules
{
    private static readonly Cidr[] LanNetworks =
    [
        Cidr.Parse("127.0.0.0/8"),
        Cidr.Parse("::1/128"),
        Cidr.Parse("10.0.0.0/8"),
        Cidr.Parse("172.16.0.0/12"),
        Cidr.Parse("192.168.0.0/16"),
        Cidr.Parse("169.254.0.0/16"),
        Cidr.Parse("fc00::/7"),
        Cidr.Parse("fe80::/10"),
    ];

    private readonly Cidr[] allow;
    private readonly Cidr[] deny;

    /// <summary>Builds the rules; throws a <see cref="FormatException"/> naming the first entry that is not a CIDR.</summary>
    public AccessRules(AccessPreset preset, IEnumerable<string> allowCidrs, IEnumerable<string> denyCidrs)
    {
        Preset = preset;
        allow = allowCidrs.Select(Cidr.Parse).ToArray();
        deny = denyCidrs.Select(Cidr.Parse).ToArray();
    }

    /// <summary>Rules that accept every address.</summary>
    public static AccessRules AllowAll { get; } = new(AccessPreset.Any, [], []);

    public AccessPreset Preset { get; }

    public IReadOnlyList<Cidr> Allow => allow;

    public IReadOnlyList<Cidr> Deny => deny;

    /// <summary>True when a connection from <paramref name="address"/> may proceed.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (deny.Any(c => c.Contains(address)))
        {
            return false;
        }

        if (Preset == AccessPreset.LanOnly && !LanNetworks.Any(c => c.Contains(address)))
        {
            return false;
        }

        return allow.Length == 0 || allow.Any(c => c.Contains(address));
    }
}
