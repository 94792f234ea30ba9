using ActorMail.Core;

namespace ActorMail.Core.Tests;

public class MailAddressTests
{
    [Theory]
    [InlineData("user@example.test", "user", "example.test")]
    [InlineData("First.Last@Example.TEST", "First.Last", "example.test")]
    [InlineData("a+tag@sub.example.test", "a+tag", "sub.example.test")]
    [InlineData("\"odd name\"@example.test", "\"odd name\"", "example.test")]
    [InlineData("user@[127.0.0.1]", "user", "[127.0.0.1]")]
    [InlineData("üser@example.test", "üser", "example.test")]
    [InlineData("user@example.test.", "user", "example.test")]
    public void Parses_valid_addresses(string text, string local, string domain)
    {
        Assert.True(MailAddress.TryParse(text, out var a));
        Assert.Equal(local, a.LocalPart);
        Assert.Equal(domain, a.Domain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("user")]
    [InlineData("@example.test")]
    [InlineData("user@")]
    [InlineData("us er@example.test")]
    [InlineData(".user@example.test")]
    [InlineData("us..er@example.test")]
    [InlineData("user@-example.test")]
    [InlineData("user@exa_mple.test")]
    [InlineData("user@example..test")]
    [InlineData("user@[not-an-ip]")]
    [InlineData("\"unclosed@example.test")]
    public void Refuses_invalid_addresses(string text) => Assert.False(MailAddress.TryParse(text, out _));

    [Fact]
    public void Refuses_over_long_parts()
    {
        Assert.False(MailAddress.TryParse(new string('a', 65) + "@example.test", out _));
        Assert.True(MailAddress.TryParse(new string('a', 64) + "@example.test", out _));
        Assert.False(MailAddress.TryParse("a@" + string.Join('.', Enumerable.Repeat(new string('b', 63), 5)), out _));
    }

    [Fact]
    public void Compares_case_insensitively_and_keys_in_lower_case()
    {
        var a = MailAddress.Parse("Alice@Example.Test");
        var b = MailAddress.Parse("alice@example.test");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("alice@example.test", a.Key);
        Assert.Equal("Alice@example.test", a.ToString());
    }

    [Fact]
    public void A_bare_login_is_taken_on_the_primary_domain()
    {
        Assert.True(MailAddress.TryParseLogin("u1", "bench.test", out var a));
        Assert.Equal("u1@bench.test", a.Key);
        Assert.True(MailAddress.TryParseLogin("U1@Other.Test", "bench.test", out var b));
        Assert.Equal("u1@other.test", b.Key);
        Assert.False(MailAddress.TryParseLogin("", "bench.test", out _));
        Assert.False(MailAddress.TryParseLogin("bad name", "bench.test", out _));
    }

    [Fact]
    public void Blob_references_round_trip()
    {
        var r = new BlobRef(new string('a', 64), 1234);
        Assert.Equal(r, BlobRef.Parse(r.ToString()));
        Assert.Throws<FormatException>(() => BlobRef.Parse("abc:1"));
    }
}
