using System.Net;
using ActorMail.Transport.Access;

namespace ActorMail.Transport.Tests;

public class AccessRulesTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("192.168.1.7", "192.168.1.7", true)]
    [InlineData("192.168.1.7", "192.168.1.8", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("fe80::/10", "fe80::1", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "10.0.0.1", false)]
    [InlineData("10.1.2.3/8", "10.200.0.1", true)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.5", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.9.9.9", true)]
    public void Cidr_contains_the_addresses_of_its_network(string cidr, string address, bool expected)
    {
        Assert.True(Cidr.TryParse(cidr, out var network));
        Assert.Equal(expected, network.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("example.org")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("fe80::1%eth0")]
    public void Cidr_rejects_malformed_text(string text)
    {
        Assert.False(Cidr.TryParse(text, out _));
    }

    [Fact]
    public void Cidr_clears_host_bits_and_prints_canonically()
    {
        Assert.Equal("10.0.0.0/8", Cidr.Parse("10.1.2.3/8").ToString());
        Assert.Equal("fe80::/10", Cidr.Parse("fe80::abcd/10").ToString());
        Assert.Equal("127.0.0.1/32", Cidr.Parse("127.0.0.1").ToString());
    }

    [Fact]
    public void Constructor_names_the_malformed_entry()
    {
        var error = Assert.Throws<FormatException>(() => new AccessRules(AccessPreset.Any, ["10.0.0.0/8", "bogus/3"], []));
        Assert.Contains("bogus/3", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("10.1.1.1", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.200.1", true)]
    [InlineData("169.254.3.3", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("fe80::1234", true)]
    [InlineData("::ffff:192.168.0.9", true)]
    [InlineData("::ffff:8.8.8.8", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860::8888", false)]
    public void Lan_only_accepts_private_addresses_only(string address, bool expected)
    {
        var rules = new AccessRules(AccessPreset.LanOnly, [], []);
        Assert.Equal(expected, rules.IsAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void Any_accepts_everything_without_lists()
    {
        Assert.True(AccessRules.AllowAll.IsAllowed(IPAddress.Parse("203.0.113.9")));
        Assert.True(AccessRules.AllowAll.IsAllowed(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void Deny_wins_over_allow_and_preset()
    {
        var rules = new AccessRules(AccessPreset.LanOnly, ["10.0.0.0/8"], ["10.1.0.0/16"]);
        Assert.True(rules.IsAllowed(IPAddress.Parse("10.2.0.1")));
        Assert.False(rules.IsAllowed(IPAddress.Parse("10.1.0.1")));
        Assert.False(rules.IsAllowed(IPAddress.Parse("::ffff:10.1.0.1")));
    }

    [Fact]
    public void A_non_empty_allow_list_admits_only_its_networks()
    {
        var rules = new AccessRules(AccessPreset.Any, ["203.0.113.0/24", "2001:db8::/32"], []);
        Assert.True(rules.IsAllowed(IPAddress.Parse("203.0.113.44")));
        Assert.True(rules.IsAllowed(IPAddress.Parse("2001:db8::5")));
        Assert.False(rules.IsAllowed(IPAddress.Parse("198.51.100.1")));
        Assert.False(rules.IsAllowed(IPAddress.Loopback));
    }

    [Fact]
    public void Allow_list_and_lan_preset_must_both_match()
    {
        var rules = new AccessRules(AccessPreset.LanOnly, ["192.168.0.0/16", "203.0.113.0/24"], []);
        Assert.True(rules.IsAllowed(IPAddress.Parse("192.168.1.1")));
        Assert.False(rules.IsAllowed(IPAddress.Parse("203.0.113.1")));
        Assert.False(rules.IsAllowed(IPAddress.Parse("10.0.0.1")));
    }
}
