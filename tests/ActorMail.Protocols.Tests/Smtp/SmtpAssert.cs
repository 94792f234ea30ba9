using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Smtp;

internal static class SmtpAssert
{
    public static T Parses<T>(string line, SmtpParserOptions? options = null) where T : SmtpCommand
    {
        var result = SmtpParser.Parse(line, options);
        Assert.True(result.IsSuccess, $"'{line}' failed: {result.Error}");
        return Assert.IsType<T>(result.Command);
    }

    public static SmtpReply Fails(string line, int code, string enhanced, SmtpParserOptions? options = null)
    {
        var result = SmtpParser.Parse(line, options);
        Assert.False(result.IsSuccess, $"'{line}' parsed as {result.Command}");
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(enhanced, result.Error.Enhanced);
        return result.Error;
    }
}
