using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Smtp;

public class EhloResponseTests
{
    [Fact]
    public void Full_capability_list()
    {
        var caps = new EhloCapabilities(52_428_800, StartTls: true, AuthMechanisms: ["PLAIN", "LOGIN"]);
        var text = EhloResponse.Build("mx.example.test", "client.test", caps).Render();
        Assert.Equal(
            "250-mx.example.test Hello client.test\r\n" +
            "250-PIPELINING\r\n" +
            "250-SIZE 52428800\r\n" +
            "250-STARTTLS\r\n" +
            "250-AUTH PLAIN LOGIN\r\n" +
            "250-ENHANCEDSTATUSCODES\r\n" +
            "250-8BITMIME\r\n" +
            "250-CHUNKING\r\n" +
            "250-DSN\r\n" +
            "250 SMTPUTF8\r\n",
            text);
    }

    [Fact]
    public void Omits_what_is_not_offered()
    {
        var caps = new EhloCapabilities(0, StartTls: false, AuthMechanisms: [], Pipelining: false, EightBitMime: false,
            SmtpUtf8: false, Chunking: false, Dsn: false, EnhancedStatusCodes: false);
        Assert.Equal("250-mx Hello c\r\n250 SIZE\r\n", EhloResponse.Build("mx", "c", caps).Render());
    }

    [Fact]
    public void Parser_options_follow_the_offer()
    {
        var caps = new EhloCapabilities(10, false, [], Dsn: false, SmtpUtf8: false);
        var options = SmtpParserOptions.From(caps);
        Assert.False(options.Dsn);
        Assert.False(options.SmtpUtf8);
        Assert.False(options.Auth);
        Assert.True(options.EightBitMime);
        SmtpAssert.Fails("MAIL FROM:<a@b.test> RET=FULL", 555, "5.5.4", options);
    }
}
