using ActorMail.Core;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Protocols.Imap.Fetch;
using ActorMail.Protocols.Imap.Search;
using static ActorMail.Protocols.Tests.Imap.ImapTestSupport;

namespace ActorMail.Protocols.Tests.Imap;

public class FetchSearchParserTests
{
    private static FetchItemKind[] Kinds(FetchCommand f) => f.Items.Select(i => i.Kind).ToArray();

    [Fact]
    public void Fetch_macros_expand()
    {
        Assert.Equal([FetchItemKind.Flags, FetchItemKind.InternalDate, FetchItemKind.Rfc822Size, FetchItemKind.Envelope], Kinds(Parse<FetchCommand>("a1 FETCH 1 ALL")));
        Assert.Equal([FetchItemKind.Flags, FetchItemKind.InternalDate, FetchItemKind.Rfc822Size], Kinds(Parse<FetchCommand>("a1 FETCH 1 fast")));
        Assert.Equal([FetchItemKind.Flags, FetchItemKind.InternalDate, FetchItemKind.Rfc822Size, FetchItemKind.Envelope, FetchItemKind.Body], Kinds(Parse<FetchCommand>("a1 FETCH 1 FULL")));
    }

    [Fact]
    public void Fetch_simple_attributes_and_uid_is_implied_for_uid_fetch()
    {
        var f = Parse<FetchCommand>("a1 UID FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE MODSEQ RFC822 RFC822.HEADER RFC822.TEXT)");
        Assert.Equal(
            [FetchItemKind.Uid, FetchItemKind.Flags, FetchItemKind.InternalDate, FetchItemKind.Rfc822Size, FetchItemKind.Envelope, FetchItemKind.Body,
             FetchItemKind.BodyStructure, FetchItemKind.ModSeq, FetchItemKind.Rfc822, FetchItemKind.Rfc822Header, FetchItemKind.Rfc822Text],
            Kinds(f));
        Assert.Equal("UID FETCH", f.Name);
        Assert.Equal([FetchItemKind.Uid], Kinds(Parse<FetchCommand>("a1 FETCH 1 UID")));
    }

    [Fact]
    public void Fetch_body_sections()
    {
        var f = Parse<FetchCommand>("a1 FETCH 1 (BODY[] BODY.PEEK[HEADER.FIELDS (From Subject \"Message-ID\")]<0.2048> BODY[1.2.MIME] BODY[3.TEXT] BODY[2] BODY[HEADER] BODY[HEADER.FIELDS.NOT (Received)] BODY.PEEK[TEXT]<10.5>)");
        var s = f.Items.Select(i => i.ResponseName).ToArray();
        Assert.Equal(
            ["BODY[]", "BODY[HEADER.FIELDS (From Subject Message-ID)]<0>", "BODY[1.2.MIME]", "BODY[3.TEXT]", "BODY[2]", "BODY[HEADER]",
             "BODY[HEADER.FIELDS.NOT (Received)]", "BODY[TEXT]<10>"],
            s);
        Assert.True(f.Items[1].Peek);
        Assert.Equal(new FetchPartial(0, 2048), f.Items[1].Partial);
        Assert.Equal([1u, 2u], f.Items[2].Section!.Part);
        Assert.True(f.Items[0].SetsSeen);
        Assert.False(f.Items[1].SetsSeen);
    }

    [Fact]
    public void Fetch_binary_and_modifiers()
    {
        var f = Parse<FetchCommand>("a1 UID FETCH 1:* (FLAGS BINARY.PEEK[1]<0.100> BINARY.SIZE[1]) (CHANGEDSINCE 12345 VANISHED)");
        Assert.Equal(12345ul, f.ChangedSince);
        Assert.True(f.Vanished);
        Assert.Equal("BINARY[1]<0>", f.Items[2].ResponseName);
        Assert.Equal("BINARY.SIZE[1]", f.Items[3].ResponseName);
        Assert.Equal(FetchItemKind.ModSeq, f.Items[^1].Kind);
        Assert.Equal("a1 BAD Invalid option", Bad("a1 FETCH 1 FLAGS (VANISHED)"));
        Assert.Equal("a1 BAD Invalid option", Bad("a1 UID FETCH 1 FLAGS (VANISHED)"));
    }

    [Theory]
    [InlineData("a1 FETCH 1 BODY[MIME]", "a1 BAD Invalid section")]
    [InlineData("a1 FETCH 1 BODY[0]", "a1 BAD Invalid section")]
    [InlineData("a1 FETCH 1 BODY[HEADER.FIELDS ()]", "a1 BAD Missing argument")]
    [InlineData("a1 FETCH 1 BODY[TEXT", "a1 BAD Invalid section")]
    [InlineData("a1 FETCH 1 BODY[]<5.0>", "a1 BAD Invalid number")]
    [InlineData("a1 FETCH 1 SIZE", "a1 BAD Invalid fetch attribute")]
    [InlineData("a1 FETCH 1 ()", "a1 BAD Missing argument")]
    [InlineData("a1 FETCH 1 (FLAGS", "a1 BAD Unbalanced parentheses")]
    public void Fetch_errors(string wire, string expected) => Assert.Equal(expected, Bad(wire));

    [Fact]
    public void Search_every_key()
    {
        var s = Parse<SearchCommand>(
            "a1 SEARCH ALL ANSWERED DELETED DRAFT FLAGGED SEEN UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN NEW OLD RECENT " +
            "BCC a CC b FROM c SUBJECT \"d e\" TO f HEADER X-Spam yes BODY g TEXT h BEFORE 1-Feb-2020 ON \"15-Mar-2021\" SINCE 01-Jan-2019 " +
            "SENTBEFORE 1-Feb-2020 SENTON 1-Feb-2020 SENTSINCE 1-Feb-2020 KEYWORD $Junk UNKEYWORD foo LARGER 100 SMALLER 200 UID 1:5 2,4 " +
            "NOT SEEN OR SEEN (FLAGGED DELETED) MODSEQ 5 MODSEQ \"/flags/\\\\draft\" all 620162338");
        var and = Assert.IsType<SearchKey.And>(s.Criteria);
        var k = and.Keys;
        Assert.Equal(new SearchKey.All(), k[0]);
        Assert.Equal(new SearchKey.HasFlag(MessageFlags.Answered, true), k[1]);
        Assert.Equal(new SearchKey.HasFlag(MessageFlags.Seen, false), k[10]);
        Assert.IsType<SearchKey.And>(k[11]);
        Assert.Equal(new SearchKey.Recent(false), k[12]);
        Assert.Equal(new SearchKey.Recent(true), k[13]);
        Assert.Equal(new SearchKey.Header("Bcc", "a"), k[14]);
        Assert.Equal(new SearchKey.Header("Subject", "d e"), k[17]);
        Assert.Equal(new SearchKey.Header("X-Spam", "yes"), k[19]);
        Assert.Equal(new SearchKey.Body("g"), k[20]);
        Assert.Equal(new SearchKey.Text("h"), k[21]);
        Assert.Equal(new SearchKey.Date(SearchDateField.Internal, SearchDateOp.Before, new DateOnly(2020, 2, 1)), k[22]);
        Assert.Equal(new SearchKey.Date(SearchDateField.Internal, SearchDateOp.On, new DateOnly(2021, 3, 15)), k[23]);
        Assert.Equal(new SearchKey.Date(SearchDateField.Sent, SearchDateOp.Since, new DateOnly(2020, 2, 1)), k[27]);
        Assert.Equal(new SearchKey.HasKeyword("$Junk", true), k[28]);
        Assert.Equal(new SearchKey.HasKeyword("foo", false), k[29]);
        Assert.Equal(new SearchKey.Size(true, 100), k[30]);
        Assert.Equal(new SearchKey.Size(false, 200), k[31]);
        Assert.Equal("1:5", Assert.IsType<SearchKey.Uid>(k[32]).Set.Text);
        Assert.Equal("2,4", Assert.IsType<SearchKey.Sequence>(k[33]).Set.Text);
        Assert.Equal(new SearchKey.Not(new SearchKey.HasFlag(MessageFlags.Seen, true)), k[34]);
        var or = Assert.IsType<SearchKey.Or>(k[35]);
        Assert.Equal(2, Assert.IsType<SearchKey.And>(or.Right).Keys.Count);
        Assert.Equal(new SearchKey.ModSeq(5), k[36]);
        Assert.Equal(new SearchKey.ModSeq(620162338), k[37]);
        Assert.Null(s.Return);
        Assert.Null(s.Charset);
    }

    [Fact]
    public void Search_charset_return_and_literals()
    {
        var s = Parse<SearchCommand>("a1 UID SEARCH RETURN (MIN MAX COUNT SAVE) CHARSET utf-8 SUBJECT {7}\r\nGrüße");
        Assert.True(s.IsUid);
        Assert.Equal("UTF-8", s.Charset);
        Assert.Equal(SearchReturnOptions.Min | SearchReturnOptions.Max | SearchReturnOptions.Count | SearchReturnOptions.Save, s.Return);
        Assert.Equal(new SearchKey.Header("Subject", "Grüße"), s.Criteria);
        Assert.Equal(SearchReturnOptions.All, Parse<SearchCommand>("a1 SEARCH RETURN () ALL").Return);
        Assert.Equal(new SearchKey.Or(new SearchKey.Recent(true), new SearchKey.Not(new SearchKey.All())), Parse<SearchCommand>("a1 SEARCH OR RECENT NOT ALL").Criteria);
        Assert.Equal("a1 BAD Invalid option", Bad("a1 SEARCH RETURN (BOGUS) ALL"));
        Assert.Equal("a1 BAD Missing argument", Bad("a1 SEARCH"));
        Assert.Equal("a1 BAD Missing argument", Bad("a1 SEARCH OR SEEN"));
    }
}
