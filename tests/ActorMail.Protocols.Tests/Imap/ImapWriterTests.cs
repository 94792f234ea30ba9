using System.Buffers;
using System.Text;
using ActorMail.Core;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Search;

namespace ActorMail.Protocols.Tests.Imap;

public class ImapWriterTests
{
    private static string Write(Action<ImapWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new ImapWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\"")]
    [InlineData("two\r\nlines", "{10}\r\ntwo\r\nlines")]
    [InlineData("Grüße", "{7}\r\nGrüße")]
    public void Strings_are_quoted_or_literal(string value, string expected) =>
        Assert.Equal(expected, Write(w => w.String(value)));

    [Fact]
    public void Long_strings_become_literals_and_null_is_nil()
    {
        var s = new string('a', 1025);
        Assert.Equal("{1025}\r\n" + s, Write(w => w.String(s)));
        Assert.Equal("NIL", Write(w => w.String((string?)null)));
        Assert.Equal("~{5}\r\n", Write(w => w.LiteralHeader(5, binary: true)));
    }

    [Fact]
    public void Atoms_and_mailboxes()
    {
        Assert.Equal("INBOX", Write(w => w.AString("INBOX")));
        Assert.Equal("\"NIL\"", Write(w => w.AString("NIL")));
        Assert.Equal("\"Sent Items\"", Write(w => w.Mailbox("Sent Items")));
        Assert.Equal("Entw&APw-rfe", Write(w => w.Mailbox("Entwürfe")));
        Assert.Equal("{9}\r\nEntwürfe", Write(w => w.Mailbox("Entwürfe", utf8: true)));
    }

    [Fact]
    public void Flags_and_dates()
    {
        Assert.Equal("(\\Answered \\Seen $Junk \\Recent)", Write(w => w.Flags(MessageFlags.Seen | MessageFlags.Answered, ["$Junk"], recent: true)));
        Assert.Equal("()", Write(w => w.Flags(MessageFlags.None)));
        Assert.Equal("\"07-Feb-1994 21:52:25 -0800\"", Write(w => w.InternalDate(new DateTimeOffset(1994, 2, 7, 21, 52, 25, TimeSpan.FromHours(-8)))));
        Assert.Equal("01-Dec-2024 00:00:09 +0530", ImapDate.FormatDateTime(new DateTimeOffset(2024, 12, 1, 0, 0, 9, new TimeSpan(5, 30, 0))));
        Assert.True(ImapDate.TryParseDateTime("01-Dec-2024 00:00:09 +0530", out var parsed));
        Assert.Equal(new DateTimeOffset(2024, 12, 1, 0, 0, 9, new TimeSpan(5, 30, 0)), parsed);
        Assert.False(ImapDate.TryParseDateTime("01-Dec-2024 00:00:09 +2000", out _));
        Assert.False(ImapDate.TryParseDateTime("01-Dec-0001 00:00:09 +0100", out _));
        Assert.Equal("1-Feb-2020", ImapDate.FormatDate(new DateOnly(2020, 2, 1)));
    }

    [Fact]
    public void Status_lines_with_codes()
    {
        Assert.Equal("a1 OK [UIDVALIDITY 42] Done\r\n", Write(w => w.Status("a1", ImapStatus.Ok, ImapResponseCode.UidValidity(42), "Done")));
        Assert.Equal("* OK [UIDNEXT 7] Predicted\r\n", Write(w => w.Status(null, ImapStatus.Ok, ImapResponseCode.UidNext(7), "Predicted")));
        Assert.Equal("a1 NO [TOOBIG] Message too large\r\n", Write(w => w.Status("a1", ImapStatus.No, ImapResponseCode.TooBig, "Message too large")));
        Assert.Equal("* BYE Logging out\r\n", Write(w => w.Status(null, ImapStatus.Bye, null, "Logging out")));
        Assert.Equal("a1 BAD x?y\r\n", Write(w => w.Status("a1", ImapStatus.Bad, null, "x\r\ny"[..1] + "\ny")));
        Assert.Equal("+ Ready\r\n", Write(w => w.Continuation()));
        Assert.Equal("* 3 EXISTS\r\n", Write(w => w.Untagged().Number(3).Raw(" EXISTS").EndLine()));
    }

    [Fact]
    public void Response_codes()
    {
        Assert.Equal("PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Junk \\*)",
            ImapResponseCode.PermanentFlags(MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Draft, ["$Junk"], true));
        Assert.Equal("HIGHESTMODSEQ 715194045007", ImapResponseCode.HighestModSeq(715194045007));
        Assert.Equal("APPENDUID 38505 3955", ImapResponseCode.AppendUid(38505, UidSet.Single(3955)));
        Assert.Equal("COPYUID 38505 304,319:320 3956:3958", ImapResponseCode.CopyUid(38505, UidSet.FromUids([304, 319, 320]), UidSet.FromRange(3956, 3958)));
        Assert.Equal("MODIFIED 7,9", ImapResponseCode.Modified(UidSet.FromUids([7, 9])));
        Assert.Equal("CAPABILITY IMAP4rev1 IDLE", ImapResponseCode.Capability(["IMAP4rev1", "IDLE"]));
        foreach (var code in new[] { ImapResponseCode.TryCreate, ImapResponseCode.NoModSeq, ImapResponseCode.Closed, ImapResponseCode.AlreadyExists,
                     ImapResponseCode.Nonexistent, ImapResponseCode.Cannot, ImapResponseCode.AuthenticationFailed, ImapResponseCode.Unavailable,
                     ImapResponseCode.Limit, ImapResponseCode.ServerBug })
            Assert.Matches("^[A-Z]+$", code);
    }

    [Fact]
    public void Vanished_and_esearch()
    {
        Assert.Equal("* VANISHED (EARLIER) 1:3,5\r\n", Write(w => w.Vanished(UidSet.FromUids([1, 2, 3, 5]), earlier: true)));
        Assert.Equal("* VANISHED 9\r\n", Write(w => w.Vanished(UidSet.Single(9), earlier: false)));
        Assert.Equal("", Write(w => w.Vanished(UidSet.Empty, earlier: false)));
        var all = SearchReturnOptions.Min | SearchReturnOptions.Max | SearchReturnOptions.Count | SearchReturnOptions.All;
        Assert.Equal("* ESEARCH (TAG \"a1\") UID MIN 2 MAX 9 COUNT 4 ALL 2:4,9\r\n", Write(w => w.ESearch("a1", true, all, UidSet.FromUids([2, 3, 4, 9]))));
        Assert.Equal("* ESEARCH (TAG \"a1\") COUNT 0\r\n", Write(w => w.ESearch("a1", false, all, UidSet.Empty)));
    }

    [Fact]
    public void Capabilities_follow_the_facts()
    {
        var plainNoTls = ImapCapabilities.Build(new ImapCapabilityFacts(TlsActive: false, TlsAvailable: true, PlaintextAllowed: false, AppendLimit: 104857600, Authenticated: false));
        Assert.Equal("IMAP4rev1", plainNoTls[0]);
        Assert.Contains("STARTTLS", plainNoTls);
        Assert.Contains("LOGINDISABLED", plainNoTls);
        Assert.DoesNotContain("AUTH=PLAIN", plainNoTls);
        Assert.Contains("APPENDLIMIT=104857600", plainNoTls);

        var tls = ImapCapabilities.Build(new ImapCapabilityFacts(true, true, false, 0, false));
        Assert.Contains("AUTH=PLAIN", tls);
        Assert.DoesNotContain("STARTTLS", tls);
        Assert.DoesNotContain("LOGINDISABLED", tls);
        Assert.Contains("APPENDLIMIT=0", tls);

        var lan = ImapCapabilities.Build(new ImapCapabilityFacts(false, false, true, 1, false));
        Assert.Contains("AUTH=PLAIN", lan);
        Assert.DoesNotContain("STARTTLS", lan);

        var after = ImapCapabilities.Render(new ImapCapabilityFacts(false, true, false, 10, true, Utf8Accept: true));
        Assert.StartsWith("CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED LIST-STATUS ESEARCH", after);
        Assert.Contains("CONDSTORE QRESYNC UTF8=ACCEPT APPENDLIMIT=10", after);
        Assert.DoesNotContain("STARTTLS", after);
        Assert.DoesNotContain("LOGINDISABLED", after);
    }
}
