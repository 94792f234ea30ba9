using System.Text;
using ActorMail.Protocols.Sasl;

namespace ActorMail.Protocols.Tests.Sasl;

public class SaslLoginTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Challenges_are_username_then_password()
    {
        Assert.Equal("Username:", Encoding.ASCII.GetString(Convert.FromBase64String(SaslLogin.UsernameChallenge)));
        Assert.Equal("Password:", Encoding.ASCII.GetString(Convert.FromBase64String(SaslLogin.PasswordChallenge)));
    }

    [Fact]
    public void Two_steps()
    {
        var login = new SaslLogin();
        var step = login.Start(null);
        Assert.Equal(SaslStep.Ask(SaslLogin.UsernameChallenge), step);
        step = login.Continue(B64("joe@example.test"));
        Assert.Equal(SaslStep.Ask(SaslLogin.PasswordChallenge), step);
        step = login.Continue(B64("s3cr3t"));
        Assert.Equal(SaslStepKind.Completed, step.Kind);
        Assert.Equal(new SaslCredentials("", "joe@example.test", "s3cr3t"), step.Credentials);
        Assert.Equal(SaslFailure.ExchangeOver, login.Continue(B64("again")).Failure);
    }

    [Fact]
    public void Initial_response_is_the_user_name()
    {
        var login = (SaslLogin)SaslExchange.Create("login")!;
        Assert.Equal(SaslLogin.PasswordChallenge, login.Start(B64("joe")).Challenge);
        Assert.Equal("joe", login.Continue(B64("pw")).Credentials!.AuthenticationId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Star_cancels_at_either_step(int step)
    {
        var login = new SaslLogin();
        login.Start(null);
        if (step == 1) login.Continue(B64("joe"));
        Assert.Equal(SaslFailure.Cancelled, login.Continue("*").Failure);
        Assert.Equal(SaslFailure.ExchangeOver, login.Continue(B64("x")).Failure);
    }

    [Theory]
    [InlineData("@@@@", SaslFailure.MalformedBase64)]
    [InlineData("am9l\n", SaslFailure.MalformedBase64)]
    [InlineData("", SaslFailure.EmptyAuthenticationId)]
    [InlineData("AGpvZQ==", SaslFailure.Malformed)]
    public void Bad_user_names(string response, SaslFailure expected)
    {
        var login = new SaslLogin();
        login.Start(null);
        Assert.Equal(expected, login.Continue(response).Failure);
    }

    [Fact]
    public void Empty_or_long_password_fails()
    {
        var login = new SaslLogin();
        login.Start(B64("joe"));
        Assert.Equal(SaslFailure.EmptyPassword, login.Continue("").Failure);

        login = new SaslLogin();
        login.Start(B64("joe"));
        Assert.Equal(SaslFailure.TooLong, login.Continue(B64(new string('p', 256))).Failure);
    }

    [Fact]
    public void Random_responses_never_throw()
    {
        var random = new Random(7);
        const string alphabet = "ABCXYZabcxyz0189+/=*\0 é";
        for (int i = 0; i < 3000; i++)
        {
            var exchange = SaslExchange.Create(random.Next(2) == 0 ? "PLAIN" : "LOGIN")!;
            string Next() => new(Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var step = exchange.Start(random.Next(2) == 0 ? null : Next());
            for (int n = 0; n < 3 && step.Kind == SaslStepKind.Challenge; n++) step = exchange.Continue(Next());
            Assert.True(step.Kind != SaslStepKind.Completed || step.Credentials!.AuthenticationId.Length > 0);
        }
    }
}
