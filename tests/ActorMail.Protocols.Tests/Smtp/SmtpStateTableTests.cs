using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;
using static ActorMail.Protocols.Smtp.SmtpCommandKind;
using static ActorMail.Protocols.Smtp.SmtpState;

namespace ActorMail.Protocols.Tests.Smtp;

public class SmtpStateTableTests
{
    private static readonly SmtpSessionFacts Open = new(TlsAvailable: true, AuthAvailable: true);

    // "" = allowed; otherwise the expected "code enhanced"
    public static TheoryData<SmtpState, SmtpCommandKind, string> Matrix => new()
    {
        { Connected, Ehlo, "" }, { Connected, Helo, "" }, { Connected, Mail, "503 5.5.1" }, { Connected, Rcpt, "503 5.5.1" },
        { Connected, Data, "503 5.5.1" }, { Connected, Bdat, "503 5.5.1" }, { Connected, Rset, "" }, { Connected, Noop, "" },
        { Connected, Quit, "" }, { Connected, Help, "" }, { Connected, Vrfy, "" }, { Connected, StartTls, "503 5.5.1" },
        { Connected, Auth, "503 5.5.1" },
        { Greeted, Ehlo, "" }, { Greeted, Mail, "" }, { Greeted, Rcpt, "503 5.5.1" }, { Greeted, Data, "503 5.5.1" },
        { Greeted, Bdat, "503 5.5.1" }, { Greeted, StartTls, "" }, { Greeted, Auth, "" }, { Greeted, Rset, "" },
        { MailGiven, Mail, "503 5.5.1" }, { MailGiven, Rcpt, "" }, { MailGiven, Data, "503 5.5.1" }, { MailGiven, Bdat, "503 5.5.1" },
        { MailGiven, Auth, "503 5.5.1" }, { MailGiven, StartTls, "503 5.5.1" }, { MailGiven, Ehlo, "" }, { MailGiven, Rset, "" },
        { RcptGiven, Rcpt, "" }, { RcptGiven, Data, "" }, { RcptGiven, Bdat, "" }, { RcptGiven, Mail, "503 5.5.1" },
        { RcptGiven, Auth, "503 5.5.1" }, { RcptGiven, StartTls, "503 5.5.1" }, { RcptGiven, Quit, "" },
        { ChunkGiven, Bdat, "" }, { ChunkGiven, Data, "503 5.5.1" }, { ChunkGiven, Rset, "" }, { ChunkGiven, Noop, "" },
        { ChunkGiven, Quit, "" }, { ChunkGiven, Mail, "503 5.5.1" }, { ChunkGiven, Rcpt, "503 5.5.1" }, { ChunkGiven, Ehlo, "503 5.5.1" },
        { ChunkGiven, Auth, "503 5.5.1" },
        { TlsPending, Ehlo, "503 5.5.1" }, { TlsPending, Noop, "503 5.5.1" }, { TlsPending, Quit, "503 5.5.1" },
        { TlsPending, Mail, "503 5.5.1" }, { TlsPending, StartTls, "503 5.5.1" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Command_by_state(SmtpState state, SmtpCommandKind kind, string expected)
    {
        var reply = SmtpStateTable.Check(state, kind, Open);
        Assert.Equal(expected, reply is null ? "" : $"{reply.Code} {reply.Enhanced}");
    }

    [Fact]
    public void Every_state_and_command_has_an_answer()
    {
        foreach (var state in Enum.GetValues<SmtpState>())
        {
            foreach (var kind in Enum.GetValues<SmtpCommandKind>())
            {
                var reply = SmtpStateTable.Check(state, kind, Open);
                Assert.True(reply is null || reply.Code >= 400);
            }
        }
    }

    [Fact]
    public void Data_when_every_recipient_was_refused_is_554()
    {
        var facts = Open with { RecipientsAllRejected = true };
        Assert.Equal(SmtpReplies.NoValidRecipients, SmtpStateTable.Check(MailGiven, Data, facts));
        Assert.Equal(SmtpReplies.NoValidRecipients, SmtpStateTable.Check(MailGiven, Bdat, facts));
        Assert.Equal(SmtpReplies.NeedRcpt, SmtpStateTable.Check(MailGiven, Data, Open));
    }

    [Fact]
    public void Starttls_facts()
    {
        Assert.Equal(SmtpReplies.AlreadyTls, SmtpStateTable.Check(Greeted, StartTls, Open with { IsTls = true }));
        Assert.Equal(SmtpReplies.TlsNotAvailable, SmtpStateTable.Check(Greeted, StartTls, Open with { TlsAvailable = false }));
    }

    [Fact]
    public void Auth_facts()
    {
        Assert.Equal(SmtpReplies.AlreadyAuthenticated, SmtpStateTable.Check(Greeted, Auth, Open with { IsAuthenticated = true }));
        Assert.Equal(SmtpReplies.EncryptionRequired,
            SmtpStateTable.Check(Greeted, Auth, Open with { AuthAvailable = false, AuthNeedsTls = true }));
        Assert.Equal(SmtpReplies.CommandNotImplemented, SmtpStateTable.Check(Greeted, Auth, Open with { AuthAvailable = false }));
        Assert.Equal(SmtpReplies.AuthNotInTransaction, SmtpStateTable.Check(RcptGiven, Auth, Open));
    }

    [Fact]
    public void Mail_on_submission_needs_authentication()
    {
        var submission = Open with { AuthRequired = true };
        Assert.Equal(SmtpReplies.AuthRequired, SmtpStateTable.Check(Greeted, Mail, submission));
        Assert.Null(SmtpStateTable.Check(Greeted, Mail, submission with { IsAuthenticated = true }));
        Assert.Equal(SmtpReplies.NeedHelo, SmtpStateTable.Check(Connected, Mail, submission));
    }

    [Fact]
    public void Bdat_without_chunking_is_not_implemented() =>
        Assert.Equal(SmtpReplies.CommandNotImplemented, SmtpStateTable.Check(RcptGiven, Bdat, Open with { ChunkingAvailable = false }));

    [Fact]
    public void Transitions()
    {
        Assert.Equal(Greeted, SmtpStateTable.After(Connected, new EhloCommand("c.test")));
        Assert.Equal(Greeted, SmtpStateTable.After(RcptGiven, new HeloCommand("c.test")));
        Assert.Equal(MailGiven, SmtpStateTable.After(Greeted, new MailCommand(null)));
        Assert.Equal(RcptGiven, SmtpStateTable.After(MailGiven, new RcptCommand(null)));
        Assert.Equal(Greeted, SmtpStateTable.After(RcptGiven, DataCommand.Instance));
        Assert.Equal(ChunkGiven, SmtpStateTable.After(RcptGiven, new BdatCommand(5, false)));
        Assert.Equal(Greeted, SmtpStateTable.After(ChunkGiven, new BdatCommand(5, true)));
        Assert.Equal(Greeted, SmtpStateTable.After(RcptGiven, RsetCommand.Instance));
        Assert.Equal(Connected, SmtpStateTable.After(Connected, RsetCommand.Instance));
        Assert.Equal(TlsPending, SmtpStateTable.After(Greeted, StartTlsCommand.Instance));
        Assert.Equal(RcptGiven, SmtpStateTable.After(RcptGiven, new NoopCommand(null)));
    }
}
