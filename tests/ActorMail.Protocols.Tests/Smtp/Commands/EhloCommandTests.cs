using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Tests.Smtp.Commands;

public class EhloCommandTests
{
    [Theory]
    [InlineData("EHLO client.example.test", "client.example.test")]
    [InlineData("EHLO localhost", "localhost")]
    [InlineData("EHLO DESKTOP-AB_12", "DESKTOP-AB_12")]
    [InlineData("EHLO mx.example.test.", "mx.example.test.")]
    [InlineData("EHLO [192.0.2.1]", "[192.0.2.1]")]
    [InlineData("EHLO [IPv6:2001:db8::1]", "[IPv6:2001:db8::1]")]
    public void Accepts_domains_and_address_literals(string line, string domain)
    {
        var ehlo = SmtpAssert.Parses<EhloCommand>(line);
        Assert.Equal(domain, ehlo.Domain);
        Assert.Equal(domain.StartsWith('['), ehlo.IsAddressLiteral);
    }

    [Theory]
    [InlineData("EHLO")]
    [InlineData("EHLO two words")]
    [InlineData("EHLO bad..dots")]
    [InlineData("EHLO [300.1.1.1]")]
    [InlineData("EHLO [1.2.3]")]
    [InlineData("EHLO [IPv6:zz::1]")]
    [InlineData("EHLO host!name")]
    [InlineData("EHLO münchen.test")]
    public void Refuses_bad_arguments_with_501_5_5_4(string line) => SmtpAssert.Fails(line, 501, "5.5.4");

    [Fact]
    public void Helo_takes_the_same_argument()
    {
        Assert.Equal("client.test", SmtpAssert.Parses<HeloCommand>("HELO client.test").Domain);
        SmtpAssert.Fails("HELO", 501, "5.5.4");
    }
}
