using ActorMail.Core;
using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Tests.Smtp.Commands;

public class MailCommandTests
{
    [Fact]
    public void Plain_sender()
    {
        var mail = SmtpAssert.Parses<MailCommand>("MAIL FROM:<Alice@Example.TEST>");
        Assert.Equal("Alice", mail.ReversePath!.Value.LocalPart);
        Assert.Equal("example.test", mail.ReversePath.Value.Domain);
        Assert.Null(mail.Size);
        Assert.Equal(MailBody.Unspecified, mail.Body);
        Assert.False(mail.SmtpUtf8);
    }

    [Fact]
    public void Null_reverse_path() => Assert.Null(SmtpAssert.Parses<MailCommand>("MAIL FROM:<>").ReversePath);

    [Fact]
    public void Space_after_colon_is_tolerated() =>
        Assert.Equal("a@b.test", SmtpAssert.Parses<MailCommand>("mail from: <a@b.test>").ReversePath.ToString());

    [Fact]
    public void Source_route_is_stripped() =>
        Assert.Equal("user@d.test",
            SmtpAssert.Parses<MailCommand>("MAIL FROM:<@a.test,@b.test:user@d.test>").ReversePath.ToString());

    [Fact]
    public void Quoted_local_part_may_hold_specials() =>
        Assert.Equal("\"john doe>x\"@example.test",
            SmtpAssert.Parses<MailCommand>("MAIL FROM:<\"john doe>x\"@example.test>").ReversePath.ToString());

    [Fact]
    public void Address_literal_domain() =>
        Assert.Equal("[192.0.2.7]", SmtpAssert.Parses<MailCommand>("MAIL FROM:<u@[192.0.2.7]>").ReversePath!.Value.Domain);

    [Fact]
    public void All_parameters_case_insensitive()
    {
        var mail = SmtpAssert.Parses<MailCommand>(
            "MAIL FROM:<a@b.test> size=12345 body=8bitmime SmtpUtf8 ret=hdrs envid=QQ+2B1 auth=u+40b.test");
        Assert.Equal(12345, mail.Size);
        Assert.Equal(MailBody.EightBitMime, mail.Body);
        Assert.True(mail.SmtpUtf8);
        Assert.Equal(DsnReturn.Headers, mail.Ret);
        Assert.Equal("QQ+1", mail.EnvId);
        Assert.Equal("u@b.test", mail.Auth);
    }

    [Fact]
    public void Body_values()
    {
        Assert.Equal(MailBody.SevenBit, SmtpAssert.Parses<MailCommand>("MAIL FROM:<a@b.test> BODY=7BIT").Body);
        Assert.Equal(DsnReturn.Full, SmtpAssert.Parses<MailCommand>("MAIL FROM:<a@b.test> RET=FULL").Ret);
        var binary = new SmtpParserOptions { BinaryMime = true };
        Assert.Equal(MailBody.BinaryMime, SmtpAssert.Parses<MailCommand>("MAIL FROM:<a@b.test> BODY=BINARYMIME", binary).Body);
        SmtpAssert.Fails("MAIL FROM:<a@b.test> BODY=BINARYMIME", 555, "5.5.4");
        SmtpAssert.Fails("MAIL FROM:<a@b.test> BODY=9BIT", 501, "5.5.4");
    }

    [Fact]
    public void Huge_size_saturates() =>
        Assert.Equal(long.MaxValue, SmtpAssert.Parses<MailCommand>("MAIL FROM:<a@b.test> SIZE=99999999999999999999").Size);

    [Fact]
    public void Auth_parameter_may_be_empty_identity() =>
        Assert.Equal("<>", SmtpAssert.Parses<MailCommand>("MAIL FROM:<a@b.test> AUTH=<>").Auth);

    [Theory]
    [InlineData("MAIL FROM:<a@b.test> SIZE=1 SIZE=2")]
    [InlineData("MAIL FROM:<a@b.test> size=1 SIZE=1")]
    [InlineData("MAIL FROM:<a@b.test> SMTPUTF8 smtputf8")]
    public void Duplicate_parameters_are_501_5_5_4(string line) =>
        Assert.Equal(SmtpReplies.DuplicateParameter, SmtpAssert.Fails(line, 501, "5.5.4"));

    [Theory]
    [InlineData("MAIL FROM:<a@b.test> FOO=BAR")]
    [InlineData("MAIL FROM:<a@b.test> NOTIFY=NEVER")]
    [InlineData("MAIL FROM:<a@b.test> XYZ")]
    public void Unknown_parameters_are_555_5_5_4(string line) => SmtpAssert.Fails(line, 555, "5.5.4");

    [Fact]
    public void Parameters_of_extensions_not_offered_are_555()
    {
        SmtpAssert.Fails("MAIL FROM:<a@b.test> SIZE=10", 555, "5.5.4", SmtpParserOptions.Helo);
        SmtpAssert.Fails("MAIL FROM:<a@b.test> RET=FULL", 555, "5.5.4", SmtpParserOptions.Helo);
        SmtpAssert.Fails("MAIL FROM:<a@b.test> BODY=8BITMIME", 555, "5.5.4", SmtpParserOptions.Helo);
        SmtpAssert.Fails("MAIL FROM:<a@b.test> SMTPUTF8", 555, "5.5.4", SmtpParserOptions.Helo);
        SmtpAssert.Fails("MAIL FROM:<a@b.test> AUTH=<>", 555, "5.5.4", new SmtpParserOptions { Auth = false });
    }

    [Theory]
    [InlineData("MAIL FROM:<a@b.test> SIZE=abc")]
    [InlineData("MAIL FROM:<a@b.test> SIZE=")]
    [InlineData("MAIL FROM:<a@b.test> SIZE")]
    [InlineData("MAIL FROM:<a@b.test> SIZE=-5")]
    [InlineData("MAIL FROM:<a@b.test> RET=ALL")]
    [InlineData("MAIL FROM:<a@b.test> SMTPUTF8=yes")]
    [InlineData("MAIL FROM:<a@b.test> ENVID=bad+ZZ")]
    [InlineData("MAIL FROM:<a@b.test> ENVID=a+0Ab")]
    [InlineData("MAIL FROM:<a@b.test> BAD_KEY=1")]
    [InlineData("MAIL FROM:<a@b.test> -X=1")]
    [InlineData("MAIL <a@b.test>")]
    [InlineData("MAIL TO:<a@b.test>")]
    [InlineData("MAIL")]
    public void Bad_parameters_are_501_5_5_4(string line) => SmtpAssert.Fails(line, 501, "5.5.4");

    [Fact]
    public void Envid_over_100_characters_is_refused()
    {
        SmtpAssert.Parses<MailCommand>("MAIL FROM:<a@b.test> ENVID=" + new string('x', 100));
        SmtpAssert.Fails("MAIL FROM:<a@b.test> ENVID=" + new string('x', 101), 501, "5.5.4");
    }

    [Theory]
    [InlineData("MAIL FROM:a@b.test")]
    [InlineData("MAIL FROM:<a@b.test")]
    [InlineData("MAIL FROM:<a@b.test>x")]
    [InlineData("MAIL FROM:<a@>")]
    [InlineData("MAIL FROM:<@b.test>")]
    [InlineData("MAIL FROM:<a>")]
    [InlineData("MAIL FROM:<postmaster>")]
    [InlineData("MAIL FROM:<a b@c.test>")]
    [InlineData("MAIL FROM:<a..b@c.test>")]
    [InlineData("MAIL FROM:<a@b..test>")]
    [InlineData("MAIL FROM:<a@b.test.>")]
    [InlineData("MAIL FROM:<a@[1.2.3.999]>")]
    [InlineData("MAIL FROM:<a@b@c.test>")]
    [InlineData("MAIL FROM:<<a@b.test>>")]
    [InlineData("MAIL FROM:<@a.test:>")]
    [InlineData("MAIL FROM:<@a.test,b.test:u@c.test>")]
    [InlineData("MAIL FROM:<a@b.test\uFFFD>")]
    public void Bad_sender_syntax_is_501_5_1_7(string line) => SmtpAssert.Fails(line, 501, "5.1.7");

    [Fact]
    public void Length_limits_are_501_5_1_7()
    {
        SmtpAssert.Parses<MailCommand>($"MAIL FROM:<{new string('l', 64)}@b.test>");
        SmtpAssert.Fails($"MAIL FROM:<{new string('l', 65)}@b.test>", 501, "5.1.7");
        var label = new string('d', 60);
        var domain = string.Join('.', label, label, label, label, "test"); // 249 octets
        SmtpAssert.Parses<MailCommand>($"MAIL FROM:<u@{domain}>");
        var longDomain = string.Join('.', label, label, label, label, label);
        SmtpAssert.Fails($"MAIL FROM:<u@{longDomain}>", 501, "5.1.7");
        var path = new string('l', 60) + "@" + string.Join('.', label, label, label, "abcdefghijklmnopqrstuvwxyz0123456789ab");
        Assert.True(path.Length > 254);
        SmtpAssert.Fails($"MAIL FROM:<{path}>", 501, "5.1.7");
    }

    [Fact]
    public void Non_ascii_sender_needs_smtputf8()
    {
        SmtpAssert.Fails("MAIL FROM:<jürgen@example.test>", 553, "5.6.7");
        var mail = SmtpAssert.Parses<MailCommand>("MAIL FROM:<jürgen@bücher.test> SMTPUTF8");
        Assert.True(mail.SmtpUtf8);
        Assert.Equal("jürgen", mail.ReversePath!.Value.LocalPart);
        SmtpAssert.Fails("MAIL FROM:<jürgen@example.test> SMTPUTF8", 555, "5.5.4", new SmtpParserOptions { SmtpUtf8 = false });
    }

    [Fact]
    public void Utf8_local_part_limit_counts_octets() =>
        SmtpAssert.Fails($"MAIL FROM:<{new string('ü', 33)}@b.test> SMTPUTF8", 501, "5.1.7");
}
