using System.Reflection;
using System.Text;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Smtp;

public class SmtpReplyTests
{
    [Fact]
    public void Single_line_with_enhanced_code() =>
        Assert.Equal("250 2.0.0 OK\r\n", SmtpReplies.Ok.Render());

    [Fact]
    public void Multi_line_uses_dash_then_space_and_repeats_the_enhanced_code()
    {
        var reply = new SmtpReply(214, "2.0.0", "first\nsecond\nthird");
        Assert.Equal("214-2.0.0 first\r\n214-2.0.0 second\r\n214 2.0.0 third\r\n", reply.Render());
        Assert.Equal(Encoding.ASCII.GetBytes(reply.Render()), reply.ToBytes());
    }

    [Fact]
    public void Without_enhanced_code()
    {
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>\r\n", SmtpReplies.DataStart.Render());
        Assert.Equal("334 \r\n", SmtpReplies.AuthChallenge("").Render());
        Assert.Equal("220 mx.test ESMTP ready\r\n", SmtpReplies.Greeting("mx.test").Render());
    }

    [Fact]
    public void Carriage_returns_in_text_cannot_forge_lines() =>
        Assert.Equal("250-2.0.0 a\r\n250 2.0.0 b\r\n", new SmtpReply(250, "2.0.0", "a\r\nb").Render());

    [Fact]
    public void Classification()
    {
        Assert.True(SmtpReplies.Ok.IsPositive);
        Assert.True(SmtpReplies.TooManyRecipients.IsTransient);
        Assert.True(SmtpReplies.UnknownUser.IsPermanent);
    }

    [Theory]
    [InlineData(nameof(SmtpReplies.SyntaxError), 500, "5.5.2")]
    [InlineData(nameof(SmtpReplies.LineTooLong), 500, "5.5.2")]
    [InlineData(nameof(SmtpReplies.BadSequence), 503, "5.5.1")]
    [InlineData(nameof(SmtpReplies.UnknownCommand), 500, "5.5.1")]
    [InlineData(nameof(SmtpReplies.ParamNotRecognized), 555, "5.5.4")]
    [InlineData(nameof(SmtpReplies.TooManyRecipients), 452, "4.5.3")]
    [InlineData(nameof(SmtpReplies.MessageTooBig), 552, "5.3.4")]
    [InlineData(nameof(SmtpReplies.SizeExceedsLimit), 552, "5.3.4")]
    [InlineData(nameof(SmtpReplies.UnknownUser), 550, "5.1.1")]
    [InlineData(nameof(SmtpReplies.RelayDenied), 554, "5.7.1")]
    [InlineData(nameof(SmtpReplies.SenderNotOwned), 553, "5.7.1")]
    [InlineData(nameof(SmtpReplies.AuthRequired), 530, "5.7.0")]
    [InlineData(nameof(SmtpReplies.AuthSucceeded), 235, "2.7.0")]
    [InlineData(nameof(SmtpReplies.AuthFailed), 535, "5.7.8")]
    [InlineData(nameof(SmtpReplies.EncryptionRequired), 538, "5.7.11")]
    [InlineData(nameof(SmtpReplies.AuthTooMany), 421, "4.7.0")]
    [InlineData(nameof(SmtpReplies.AuthCancelled), 501, "5.0.0")]
    [InlineData(nameof(SmtpReplies.AuthBadBase64), 501, "5.5.2")]
    [InlineData(nameof(SmtpReplies.TlsNotAvailable), 454, "4.7.0")]
    [InlineData(nameof(SmtpReplies.TlsGoAhead), 220, "2.0.0")]
    [InlineData(nameof(SmtpReplies.TooManyHops), 554, "5.4.6")]
    [InlineData(nameof(SmtpReplies.TemporaryFailure), 451, "4.3.0")]
    [InlineData(nameof(SmtpReplies.StorageFull), 452, "4.3.1")]
    [InlineData(nameof(SmtpReplies.ServiceClosing), 421, "4.3.0")]
    [InlineData(nameof(SmtpReplies.Timeout), 421, "4.4.2")]
    [InlineData(nameof(SmtpReplies.TooManyErrors), 421, "4.7.0")]
    [InlineData(nameof(SmtpReplies.Vrfy), 252, "2.1.5")]
    [InlineData(nameof(SmtpReplies.Utf8AddressNotPermitted), 553, "5.6.7")]
    [InlineData(nameof(SmtpReplies.NoValidRecipients), 554, "5.5.1")]
    public void Catalog_codes(string name, int code, string enhanced)
    {
        var reply = (SmtpReply)typeof(SmtpReplies).GetField(name)!.GetValue(null)!;
        Assert.Equal(code, reply.Code);
        Assert.Equal(enhanced, reply.Enhanced);
    }

    [Fact]
    public void Catalog_texts_are_single_lines_of_ascii_except_help()
    {
        foreach (var field in typeof(SmtpReplies).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var reply = (SmtpReply)field.GetValue(null)!;
            Assert.All(reply.Text, c => Assert.InRange(c, c == '\n' ? '\n' : ' ', '~'));
            if (field.Name != nameof(SmtpReplies.HelpText)) Assert.DoesNotContain('\n', reply.Text);
            Assert.True(reply.Code is >= 200 and < 600);
        }
    }
}
