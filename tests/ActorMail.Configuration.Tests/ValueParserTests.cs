namespace ActorMail.Configuration.Tests;

public sealed class ValueParserTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("4h", 14_400_000)]
    [InlineData("5d", 432_000_000)]
    [InlineData("250ms", 250)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("0", 0)]
    public void Durations(string text, long ms)
    {
        Assert.Null(ValueParsers.Duration(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("-5s")]
    [InlineData("5w")]
    [InlineData("s")]
    public void Bad_durations(string text) => Assert.NotNull(ValueParsers.Duration(text, out _));

    [Theory]
    [InlineData("100MiB", 104857600L)]
    [InlineData("50MiB", 52428800L)]
    [InlineData("1KiB", 1024L)]
    [InlineData("2GiB", 2147483648L)]
    [InlineData("1TiB", 1099511627776L)]
    [InlineData("512B", 512L)]
    [InlineData("4096", 4096L)]
    [InlineData("0", 0L)]
    [InlineData("1.5KiB", 1536L)]
    public void Sizes(string text, long bytes)
    {
        Assert.Null(ValueParsers.Size(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("50MB")]
    [InlineData("1kb")]
    [InlineData("1GB")]
    [InlineData("1.5B")]
    [InlineData("-1")]
    [InlineData("lots")]
    [InlineData("99999999TiB")]
    public void Bad_sizes(string text) => Assert.NotNull(ValueParsers.Size(text, out _));

    [Fact]
    public void Decimal_size_units_are_refused_with_the_reason()
    {
        Assert.Contains("not KB/MB/GB", ValueParsers.Size("50MB", out _));
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("YES", true)]
    [InlineData("true", true)]
    [InlineData("off", false)]
    [InlineData("no", false)]
    [InlineData("False", false)]
    public void Booleans(string text, bool expected)
    {
        Assert.Null(ValueParsers.Boolean(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("192.168.1.5", true)]
    [InlineData("fc00::/7", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("fe80::/129", false)]
    [InlineData("10.0.0.0/", false)]
    [InlineData("example.com/8", false)]
    public void Cidr_ranges(string text, bool ok) => Assert.Equal(ok, ValueParsers.Cidr(text) is null);

    [Theory]
    [InlineData("-1", true, false, true)]
    [InlineData("-1", false, false, false)]
    [InlineData("0", true, false, false)]
    [InlineData("0", false, true, true)]
    [InlineData("65535", true, false, true)]
    [InlineData("65536", true, true, false)]
    public void Ports(string text, bool allowOff, bool allowZero, bool ok) =>
        Assert.Equal(ok, ValueParsers.Port(text, allowOff, allowZero, out _) is null);

    [Fact]
    public void Suggestions_use_edit_distance_with_transpositions()
    {
        Assert.Equal(1, KeySuggester.Distance("prot", "port"));
        var known = new[] { "actormail.smtp.port", "actormail.smtp.ssl-port", "actormail.imap.port" };
        Assert.Equal("actormail.smtp.port", KeySuggester.Suggest("actormail.smtp.prot", known));
        Assert.Null(KeySuggester.Suggest("completely.different.thing", known));
    }
}
