using System.Text;
using ActorMail.Protocols.Sasl;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Sasl;

public class SaslPlainTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Decodes_authcid_and_password()
    {
        Assert.True(SaslPlain.TryDecode(B64("\0joe@example.test\0s3cr3t"), out var c, out var failure));
        Assert.Equal(SaslFailure.None, failure);
        Assert.Equal("", c.AuthorizationId);
        Assert.Equal("joe@example.test", c.AuthenticationId);
        Assert.Equal("s3cr3t", c.Password);
    }

    [Fact]
    public void Decodes_authzid_and_utf8()
    {
        Assert.True(SaslPlain.TryDecode(B64("admin\0jürgen\0pässwörd"), out var c, out _));
        Assert.Equal("admin", c.AuthorizationId);
        Assert.Equal("jürgen", c.AuthenticationId);
        Assert.Equal("pässwörd", c.Password);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AGpvZQBzZWNyZXQ")]
    [InlineData("AGpv ZQBzZWNyZXQ=")]
    [InlineData("AG=vZQBzZWNyZXQ=")]
    [InlineData("*")]
    public void Malformed_base64(string input)
    {
        Assert.False(SaslPlain.TryDecode(input, out _, out var failure));
        Assert.Equal(SaslFailure.MalformedBase64, failure);
    }

    [Theory]
    [InlineData("joe\0secret", SaslFailure.Malformed)]
    [InlineData("a\0joe\0secret\0more", SaslFailure.Malformed)]
    [InlineData("", SaslFailure.Malformed)]
    [InlineData("\0\0secret", SaslFailure.EmptyAuthenticationId)]
    [InlineData("\0joe\0", SaslFailure.EmptyPassword)]
    public void Malformed_messages(string message, SaslFailure expected)
    {
        Assert.False(SaslPlain.TryDecode(B64(message), out _, out var failure));
        Assert.Equal(expected, failure);
    }

    [Fact]
    public void Fields_over_255_octets_are_refused()
    {
        Assert.True(SaslPlain.TryDecode(B64("\0joe\0" + new string('p', 255)), out _, out _));
        Assert.False(SaslPlain.TryDecode(B64("\0joe\0" + new string('p', 256)), out _, out var failure));
        Assert.Equal(SaslFailure.TooLong, failure);
        Assert.False(SaslPlain.TryDecode(B64("\0" + new string('u', 256) + "\0pw"), out _, out failure));
        Assert.Equal(SaslFailure.TooLong, failure);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var bytes = new byte[] { 0, (byte)'j', 0xC3, 0x28, 0, (byte)'p' };
        Assert.False(SaslPlain.TryDecode(Convert.ToBase64String(bytes), out _, out var failure));
        Assert.Equal(SaslFailure.InvalidUtf8, failure);
    }

    [Fact]
    public void Exchange_with_initial_response_completes_at_once()
    {
        var exchange = SaslExchange.Create("plain")!;
        var step = exchange.Start(B64("\0joe\0pw"));
        Assert.Equal(SaslStepKind.Completed, step.Kind);
        Assert.Equal("joe", step.Credentials!.AuthenticationId);
        Assert.Equal(SaslFailure.ExchangeOver, exchange.Continue(B64("\0joe\0pw")).Failure);
    }

    [Fact]
    public void Exchange_without_initial_response_sends_an_empty_challenge()
    {
        var exchange = SaslExchange.Create("PLAIN")!;
        var step = exchange.Start(null);
        Assert.Equal(SaslStepKind.Challenge, step.Kind);
        Assert.Equal("", step.Challenge);
        step = exchange.Continue(B64("\0joe\0pw"));
        Assert.Equal("pw", step.Credentials!.Password);
    }

    [Fact]
    public void Empty_initial_response_fails()
    {
        var step = SaslExchange.Create("PLAIN")!.Start("");
        Assert.Equal(SaslStepKind.Failed, step.Kind);
        Assert.Equal(SmtpReplies.AuthFailed, SmtpReplies.ForSaslFailure(step.Failure));
    }

    [Fact]
    public void Star_cancels()
    {
        var exchange = SaslExchange.Create("PLAIN")!;
        exchange.Start(null);
        var step = exchange.Continue("*");
        Assert.Equal(SaslFailure.Cancelled, step.Failure);
        var reply = SmtpReplies.ForSaslFailure(step.Failure);
        Assert.Equal((501, "5.0.0"), (reply.Code, reply.Enhanced));
        Assert.Equal((501, "5.5.2"), (SmtpReplies.ForSaslFailure(SaslFailure.MalformedBase64).Code,
            SmtpReplies.ForSaslFailure(SaslFailure.MalformedBase64).Enhanced));
    }

    [Fact]
    public void Unknown_mechanisms_have_no_exchange()
    {
        Assert.Null(SaslExchange.Create("CRAM-MD5"));
        Assert.Equal(["PLAIN", "LOGIN"], SaslExchange.Mechanisms);
    }

    [Fact]
    public void Credentials_never_print_the_password()
    {
        Assert.True(SaslPlain.TryDecode(B64("\0joe\0hunter2"), out var c, out _));
        Assert.DoesNotContain("hunter2", c.ToString());
        Assert.DoesNotContain("hunter2", SaslStep.Done(c).ToString());
        Assert.Contains("joe", c.ToString());
    }
}
