using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Tests.Smtp;

public class SmtpParserTests
{
    [Theory]
    [InlineData("ehlo client.test", SmtpCommandKind.Ehlo)]
    [InlineData("HeLo client.test", SmtpCommandKind.Helo)]
    [InlineData("mail from:<a@b.test>", SmtpCommandKind.Mail)]
    [InlineData("rcpt TO:<a@b.test>", SmtpCommandKind.Rcpt)]
    [InlineData("data", SmtpCommandKind.Data)]
    [InlineData("bdat 10 last", SmtpCommandKind.Bdat)]
    [InlineData("rset", SmtpCommandKind.Rset)]
    [InlineData("noop", SmtpCommandKind.Noop)]
    [InlineData("quit", SmtpCommandKind.Quit)]
    [InlineData("help", SmtpCommandKind.Help)]
    [InlineData("vrfy someone", SmtpCommandKind.Vrfy)]
    [InlineData("expn list", SmtpCommandKind.Expn)]
    [InlineData("starttls", SmtpCommandKind.StartTls)]
    [InlineData("auth plain", SmtpCommandKind.Auth)]
    public void Verbs_are_case_insensitive(string line, SmtpCommandKind kind)
    {
        var result = SmtpParser.Parse(line);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(kind, result.Command.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("NOOP\0")]
    [InlineData("MAIL FROM:<a@b.test>\0")]
    [InlineData("RCPT TO:<a\u0001@b.test>")]
    [InlineData("DATA\u007f")]
    public void Empty_lines_and_control_characters_are_syntax_errors(string line) =>
        SmtpAssert.Fails(line, 500, "5.5.2");

    [Theory]
    [InlineData("XYZZY")]
    [InlineData("MAILX FROM:<a@b.test>")]
    [InlineData("ÉHLO host")]
    [InlineData("SOMEVERYLONGVERB")]
    [InlineData("GET / HTTP/1.1")]
    public void Unknown_verbs_are_500_5_5_1(string line) => SmtpAssert.Fails(line, 500, "5.5.1");

    [Fact]
    public void Trailing_white_space_is_ignored()
    {
        SmtpAssert.Parses<DataCommand>("DATA  ");
        SmtpAssert.Parses<QuitCommand>("QUIT\t");
    }

    [Fact]
    public void Random_lines_never_throw()
    {
        var random = new Random(1234);
        const string alphabet = "MAILRCPTFROM:TO<>@.\"\\ =,;+-[]:abcdefxyz0123456789\u00e9\u4e2d\uFFFD\t\0";
        string[] prefixes = ["MAIL FROM:", "RCPT TO:", "EHLO ", "AUTH ", "BDAT ", ""];
        for (int i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 80)];
            for (int j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var line = prefixes[random.Next(prefixes.Length)] + new string(chars);
            var result = SmtpParser.Parse(line);
            Assert.True(result.IsSuccess || result.Error is { Code: >= 500 });
        }
    }
}
