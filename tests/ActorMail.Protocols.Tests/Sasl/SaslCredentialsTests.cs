using ActorMail.Protocols.Sasl;

namespace ActorMail.Protocols.Tests.Sasl;

public sealed class SaslCredentialsTests
{
    [Theory]
    [InlineData("", "joe@example.test", false)]
    [InlineData("joe@example.test", "joe@example.test", false)]
    [InlineData("JOE@Example.Test", "joe@example.test", false)]
    [InlineData("ann@example.test", "joe@example.test", true)]
    public void ActsAsAnother_is_an_authorization_identity_other_than_the_login(string authz, string authn, bool expected) =>
        Assert.Equal(expected, new SaslCredentials(authz, authn, "pw").ActsAsAnother);

    [Fact]
    public void ToString_never_shows_the_password() =>
        Assert.DoesNotContain("s3cr3t", new SaslCredentials("", "joe@example.test", "s3cr3t").ToString());
}
