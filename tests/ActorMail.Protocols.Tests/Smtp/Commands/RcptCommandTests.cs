using ActorMail.Core;
using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Tests.Smtp.Commands;

public class RcptCommandTests
{
    private static readonly SmtpParserOptions Utf8 = new() { Utf8Transaction = true };

    [Fact]
    public void Plain_recipient()
    {
        var rcpt = SmtpAssert.Parses<RcptCommand>("RCPT TO:<bob@example.test>");
        Assert.Equal(MailAddress.Parse("bob@example.test"), rcpt.Address);
        Assert.Equal(DsnNotify.Default, rcpt.Notify);
        Assert.Null(rcpt.ORcpt);
        Assert.False(rcpt.IsBarePostmaster);
    }

    [Theory]
    [InlineData("RCPT TO:<Postmaster>")]
    [InlineData("rcpt to:<postmaster>")]
    [InlineData("RCPT TO:<POSTMASTER> NOTIFY=NEVER")]
    public void Bare_postmaster_is_accepted(string line)
    {
        var rcpt = SmtpAssert.Parses<RcptCommand>(line);
        Assert.True(rcpt.IsBarePostmaster);
        Assert.Null(rcpt.Address);
    }

    [Fact]
    public void Postmaster_with_domain_is_an_ordinary_address() =>
        Assert.False(SmtpAssert.Parses<RcptCommand>("RCPT TO:<postmaster@example.test>").IsBarePostmaster);

    [Theory]
    [InlineData("NOTIFY=NEVER", DsnNotify.Never)]
    [InlineData("NOTIFY=SUCCESS", DsnNotify.Success)]
    [InlineData("notify=success,failure", DsnNotify.Success | DsnNotify.Failure)]
    [InlineData("NOTIFY=DELAY,FAILURE,SUCCESS", DsnNotify.Success | DsnNotify.Failure | DsnNotify.Delay)]
    public void Notify_values(string parameter, DsnNotify expected) =>
        Assert.Equal(expected, SmtpAssert.Parses<RcptCommand>("RCPT TO:<b@c.test> " + parameter).Notify);

    [Theory]
    [InlineData("NOTIFY=NEVER,SUCCESS")]
    [InlineData("NOTIFY=FAILURE,NEVER")]
    [InlineData("NOTIFY=SOMETIMES")]
    [InlineData("NOTIFY=SUCCESS,")]
    [InlineData("NOTIFY=")]
    [InlineData("ORCPT=rfc822")]
    [InlineData("ORCPT=;a@b.test")]
    [InlineData("ORCPT=rfc822;a+ZZb")]
    [InlineData("ORCPT=rfc 822;a")]
    public void Bad_dsn_values_are_501_5_5_4(string parameter) =>
        SmtpAssert.Fails("RCPT TO:<b@c.test> " + parameter, 501, "5.5.4");

    [Fact]
    public void Orcpt_is_xtext_decoded() =>
        Assert.Equal("rfc822;a+b=c@d.test",
            SmtpAssert.Parses<RcptCommand>("RCPT TO:<b@c.test> ORCPT=rfc822;a+2Bb+3Dc@d.test").ORcpt);

    [Fact]
    public void Orcpt_over_500_characters_is_refused() =>
        SmtpAssert.Fails("RCPT TO:<b@c.test> ORCPT=rfc822;" + new string('a', 500), 501, "5.5.4");

    [Theory]
    [InlineData("RCPT TO:<b@c.test> NOTIFY=NEVER NOTIFY=NEVER", 501, "5.5.4")]
    [InlineData("RCPT TO:<b@c.test> SIZE=10", 555, "5.5.4")]
    [InlineData("RCPT TO:<b@c.test> FOO", 555, "5.5.4")]
    public void Duplicates_and_unknown_parameters(string line, int code, string enhanced) =>
        SmtpAssert.Fails(line, code, enhanced);

    [Fact]
    public void Dsn_parameters_need_dsn() =>
        SmtpAssert.Fails("RCPT TO:<b@c.test> NOTIFY=NEVER", 555, "5.5.4", new SmtpParserOptions { Dsn = false });

    [Theory]
    [InlineData("RCPT TO:<>")]
    [InlineData("RCPT TO:b@c.test")]
    [InlineData("RCPT TO:<b@c.test")]
    [InlineData("RCPT TO:<b>")]
    [InlineData("RCPT TO:<b@c..test>")]
    [InlineData("RCPT TO:<\"unterminated@c.test>")]
    public void Bad_recipient_syntax_is_501_5_1_3(string line) => SmtpAssert.Fails(line, 501, "5.1.3");

    [Fact]
    public void Missing_to_is_501_5_5_4() => SmtpAssert.Fails("RCPT <b@c.test>", 501, "5.5.4");

    [Fact]
    public void Long_recipient_is_501_5_1_3() =>
        SmtpAssert.Fails($"RCPT TO:<{new string('x', 65)}@c.test>", 501, "5.1.3");

    [Fact]
    public void Source_route_is_stripped() =>
        Assert.Equal("u@d.test", SmtpAssert.Parses<RcptCommand>("RCPT TO:<@relay.test:u@d.test>").Address.ToString());

    [Fact]
    public void Quoted_local_part() =>
        Assert.Equal("\"a b\"@c.test", SmtpAssert.Parses<RcptCommand>("RCPT TO:<\"a b\"@c.test>").Address.ToString());

    [Fact]
    public void Non_ascii_recipient_needs_an_smtputf8_transaction()
    {
        SmtpAssert.Fails("RCPT TO:<δοκιμή@παράδειγμα.test>", 553, "5.6.7");
        Assert.Equal("δοκιμή", SmtpAssert.Parses<RcptCommand>("RCPT TO:<δοκιμή@παράδειγμα.test>", Utf8).Address!.Value.LocalPart);
    }
}
