using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Tests.Smtp.Commands;

public class SimpleCommandTests
{
    [Theory]
    [InlineData("DATA x")]
    [InlineData("RSET now")]
    [InlineData("QUIT please")]
    [InlineData("STARTTLS tls1.3")]
    public void Commands_without_arguments_refuse_one(string line) => SmtpAssert.Fails(line, 501, "5.5.4");

    [Fact]
    public void Argumentless_commands_parse()
    {
        SmtpAssert.Parses<DataCommand>("DATA");
        SmtpAssert.Parses<RsetCommand>("RSET");
        SmtpAssert.Parses<QuitCommand>("QUIT");
        SmtpAssert.Parses<StartTlsCommand>("STARTTLS");
    }

    [Fact]
    public void Noop_and_help_take_an_optional_argument()
    {
        Assert.Null(SmtpAssert.Parses<NoopCommand>("NOOP").Argument);
        Assert.Equal("anything at all", SmtpAssert.Parses<NoopCommand>("NOOP anything at all").Argument);
        Assert.Null(SmtpAssert.Parses<HelpCommand>("HELP").Topic);
        Assert.Equal("MAIL", SmtpAssert.Parses<HelpCommand>("HELP MAIL").Topic);
    }

    [Fact]
    public void Vrfy_and_expn_need_an_argument()
    {
        Assert.Equal("user@example.test", SmtpAssert.Parses<VrfyCommand>("VRFY user@example.test").Argument);
        Assert.Equal("staff", SmtpAssert.Parses<ExpnCommand>("EXPN staff").Argument);
        SmtpAssert.Fails("VRFY", 501, "5.5.4");
        SmtpAssert.Fails("EXPN", 501, "5.5.4");
    }
}
