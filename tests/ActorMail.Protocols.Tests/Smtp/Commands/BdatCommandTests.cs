using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Tests.Smtp.Commands;

public class BdatCommandTests
{
    [Theory]
    [InlineData("BDAT 0", 0L, false)]
    [InlineData("BDAT 1000", 1000L, false)]
    [InlineData("BDAT 86 LAST", 86L, true)]
    [InlineData("BDAT 0 last", 0L, true)]
    [InlineData("BDAT 999999999999999999", 999999999999999999L, false)]
    public void Parses_size_and_last(string line, long size, bool last)
    {
        var bdat = SmtpAssert.Parses<BdatCommand>(line);
        Assert.Equal(size, bdat.Size);
        Assert.Equal(last, bdat.Last);
    }

    [Theory]
    [InlineData("BDAT")]
    [InlineData("BDAT -1")]
    [InlineData("BDAT 12a")]
    [InlineData("BDAT 10 FIRST")]
    [InlineData("BDAT 10 LAST extra")]
    [InlineData("BDAT 99999999999999999999")]
    public void Refuses_bad_arguments(string line) => SmtpAssert.Fails(line, 501, "5.5.4");
}
