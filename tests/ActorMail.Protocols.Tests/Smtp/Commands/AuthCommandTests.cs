using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Tests.Smtp.Commands;

public class AuthCommandTests
{
    [Fact]
    public void Mechanism_is_upper_cased_and_initial_response_optional()
    {
        var auth = SmtpAssert.Parses<AuthCommand>("AUTH plain");
        Assert.Equal("PLAIN", auth.Mechanism);
        Assert.Null(auth.InitialResponse);

        auth = SmtpAssert.Parses<AuthCommand>("AUTH PLAIN AGpvZQBzZWNyZXQ=");
        Assert.Equal("AGpvZQBzZWNyZXQ=", auth.InitialResponse);
    }

    [Fact]
    public void Equals_sign_is_an_empty_initial_response() =>
        Assert.Equal("", SmtpAssert.Parses<AuthCommand>("AUTH PLAIN =").InitialResponse);

    [Theory]
    [InlineData("AUTH")]
    [InlineData("AUTH PLAIN a b")]
    [InlineData("AUTH PL@IN")]
    [InlineData("AUTH ABCDEFGHIJKLMNOPQRSTU")]
    public void Refuses_bad_arguments(string line) => SmtpAssert.Fails(line, 501, "5.5.4");

    [Fact]
    public void ToString_hides_the_initial_response()
    {
        var auth = SmtpAssert.Parses<AuthCommand>("AUTH PLAIN AGpvZQBzZWNyZXQ=");
        Assert.DoesNotContain("AGpvZQBzZWNyZXQ=", auth.ToString());
    }
}
