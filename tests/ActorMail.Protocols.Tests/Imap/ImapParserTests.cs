using ActorMail.Core;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using static ActorMail.Protocols.Tests.Imap.ImapTestSupport;

namespace ActorMail.Protocols.Tests.Imap;

public class ImapParserTests
{
    [Theory]
    [InlineData("a1 CAPABILITY", typeof(CapabilityCommand), "CAPABILITY")]
    [InlineData("a1 noop", typeof(NoopCommand), "NOOP")]
    [InlineData("a1 LOGOUT", typeof(LogoutCommand), "LOGOUT")]
    [InlineData("a1 STARTTLS", typeof(StartTlsCommand), "STARTTLS")]
    [InlineData("a1 CHECK", typeof(CheckCommand), "CHECK")]
    [InlineData("a1 CLOSE", typeof(CloseCommand), "CLOSE")]
    [InlineData("a1 UNSELECT", typeof(UnselectCommand), "UNSELECT")]
    [InlineData("a1 NAMESPACE", typeof(NamespaceCommand), "NAMESPACE")]
    [InlineData("a1 IDLE", typeof(IdleCommand), "IDLE")]
    [InlineData("a1 EXPUNGE", typeof(ExpungeCommand), "EXPUNGE")]
    public void Commands_without_arguments(string wire, Type type, string name)
    {
        var result = Parse(wire);
        Assert.True(result.IsSuccess, result.ErrorResponse);
        Assert.IsType(type, result.Command);
        Assert.Equal(name, result.Command!.Name);
        Assert.Equal("a1", result.Command.Tag);
        Assert.Equal("a1 BAD Unexpected extra arguments", Bad(wire + " x"));
    }

    [Fact]
    public void Login_with_atoms_quoted_and_literals()
    {
        Assert.Equal(new LoginCommand("a1", "bob", "pw"), Parse<LoginCommand>("a1 LOGIN bob pw"));
        Assert.Equal(new LoginCommand("a1", "bob@x.org", "p \"w\\"), Parse<LoginCommand>("a1 login \"bob@x.org\" \"p \\\"w\\\\\""));
        Assert.Equal(new LoginCommand("a1", "bøb", "p\r\nw"), Parse<LoginCommand>("a1 LOGIN {4}\r\nbøb {4+}\r\np\r\nw"));
        Assert.Equal("a1 BAD Missing argument", Bad("a1 LOGIN bob"));
        Assert.DoesNotContain("pw", Parse<LoginCommand>("a1 LOGIN bob pw").ToString());
    }

    [Fact]
    public void Authenticate_with_and_without_initial_response()
    {
        Assert.Equal(new AuthenticateCommand("a1", "PLAIN", null), Parse<AuthenticateCommand>("a1 AUTHENTICATE plain"));
        Assert.Equal(new AuthenticateCommand("a1", "PLAIN", "AGJvYgBwdw=="), Parse<AuthenticateCommand>("a1 AUTHENTICATE PLAIN AGJvYgBwdw=="));
        Assert.Equal("=", Parse<AuthenticateCommand>("a1 AUTHENTICATE PLAIN =").InitialResponse);
        Assert.DoesNotContain("AGJv", Parse<AuthenticateCommand>("a1 AUTHENTICATE PLAIN AGJvYgBwdw==").ToString());
    }

    [Fact]
    public void Id_enable_and_namespace()
    {
        var id = Parse<IdCommand>("a1 ID (\"name\" \"MailKit\" \"version\" NIL)");
        Assert.Equal([new("name", "MailKit"), new("version", null)], id.Fields);
        Assert.Empty(Parse<IdCommand>("a1 ID NIL").Fields);
        Assert.Equal(["CONDSTORE", "QRESYNC", "UTF8=ACCEPT"], Parse<EnableCommand>("a1 ENABLE condstore QRESYNC UTF8=ACCEPT").Capabilities);
        Assert.Equal("a1 BAD Missing argument", Bad("a1 ENABLE"));
    }

    [Fact]
    public void Select_and_examine_with_condstore_and_qresync()
    {
        var select = Parse<SelectCommand>("a1 SELECT inbox");
        Assert.Equal(new SelectCommand("a1", "INBOX", false, false, null), select);
        var examine = Parse<SelectCommand>("a1 EXAMINE \"Sent\" (CONDSTORE)");
        Assert.True(examine.ReadOnly);
        Assert.True(examine.CondStore);
        Assert.Equal("EXAMINE", examine.Name);
        var q = Parse<SelectCommand>("a1 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541 (1:3,7 10:12,20)))").Qresync!;
        Assert.Equal(67890007u, q.UidValidity);
        Assert.Equal(20050715194045000ul, q.ModSeq);
        Assert.Equal("41,43:211,214:541", q.KnownUids!.Text);
        Assert.Equal("1:3,7", q.KnownSequenceSet!.Text);
        Assert.Equal("10:12,20", q.KnownUidSet!.Text);
        var bare = Parse<SelectCommand>("a1 SELECT INBOX (QRESYNC (1 2))").Qresync!;
        Assert.Null(bare.KnownUids);
        Assert.Equal("a1 BAD Invalid option", Bad("a1 SELECT INBOX (FOO)"));
        Assert.Equal("a1 BAD Invalid number", Bad("a1 SELECT INBOX (QRESYNC (0 2))"));
        Assert.Equal("a1 BAD Unbalanced parentheses", Bad("a1 SELECT INBOX (QRESYNC (1 2)"));
    }

    [Fact]
    public void Mailbox_commands()
    {
        Assert.Equal(new DeleteCommand("a1", "Trash/Old"), Parse<DeleteCommand>("a1 DELETE Trash/Old"));
        Assert.Equal(new RenameCommand("a1", "A", "B/C"), Parse<RenameCommand>("a1 RENAME A \"B/C\""));
        Assert.Equal(new SubscribeCommand("a1", "Drafts"), Parse<SubscribeCommand>("a1 SUBSCRIBE Drafts"));
        Assert.Equal(new UnsubscribeCommand("a1", "Drafts"), Parse<UnsubscribeCommand>("a1 UNSUBSCRIBE {6}\r\nDrafts"));
        Assert.Equal("台北", Parse<DeleteCommand>("a1 DELETE &U,BTFw-").Mailbox);
        Assert.Equal("INBOX/sub", Parse<DeleteCommand>("a1 DELETE Inbox/sub").Mailbox);
    }

    [Fact]
    public void Create_with_special_use()
    {
        var create = Parse<CreateCommand>("a1 CREATE \"Sent Items/\" (USE (\\Sent \\Archive \\Bogus))");
        Assert.Equal("Sent Items", create.Mailbox);
        Assert.Equal([SpecialUse.Sent, SpecialUse.Archive], create.Uses);
        Assert.Equal(["\\Bogus"], create.UnknownUses);
        Assert.Empty(Parse<CreateCommand>("a1 CREATE Foo").Uses);
        Assert.Equal("a1 BAD Invalid option", Bad("a1 CREATE Foo (X (\\Sent))"));
    }

    [Fact]
    public void Mailbox_names_must_be_valid_modified_utf7_unless_utf8_is_enabled()
    {
        Assert.Equal("a1 BAD Invalid mailbox name", Bad("a1 SELECT &Jjo"));
        Assert.Equal("a1 BAD Invalid mailbox name", Bad("a1 SELECT &AGE-"));
        Assert.Equal("a1 BAD Invalid mailbox name", Bad("a1 SELECT \"Entwürfe\""));
        var utf8 = new ImapParseOptions(Utf8Accept: true);
        Assert.Equal("Entwürfe", Parse<SelectCommand>("a1 SELECT \"Entwürfe\"", utf8).Mailbox);
        Assert.Equal("&Jjo", Parse<SelectCommand>("a1 SELECT &Jjo", utf8).Mailbox);
    }

    [Fact]
    public void List_basic_and_extended()
    {
        var basic = Parse<ListCommand>("a1 LIST \"\" *");
        Assert.Equal("", basic.Reference);
        Assert.Equal(["*"], basic.Patterns);
        Assert.Equal(ListSelectOptions.None, basic.Select);
        Assert.Equal(["%"], Parse<ListCommand>("a1 LIST \"\" %").Patterns);
        Assert.Equal([""], Parse<ListCommand>("a1 LIST \"\" \"\"").Patterns);
        Assert.Equal(["Archive/%"], Parse<ListCommand>("a1 LIST ~ Archive/%").Patterns.ToArray());

        var ext = Parse<ListCommand>("a1 LIST (SUBSCRIBED RECURSIVEMATCH SPECIAL-USE REMOTE) \"\" (INBOX \"Sent*\" %/%) RETURN (CHILDREN SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN UIDNEXT HIGHESTMODSEQ))");
        Assert.Equal(ListSelectOptions.Subscribed | ListSelectOptions.RecursiveMatch | ListSelectOptions.SpecialUse | ListSelectOptions.Remote, ext.Select);
        Assert.Equal(["INBOX", "Sent*", "%/%"], ext.Patterns);
        Assert.Equal(ListReturnOptions.Children | ListReturnOptions.Subscribed | ListReturnOptions.SpecialUse | ListReturnOptions.Status, ext.Return);
        Assert.Equal(StatusItems.Messages | StatusItems.Unseen | StatusItems.UidNext | StatusItems.HighestModSeq, ext.StatusItems);
        Assert.Equal(ListSelectOptions.None, Parse<ListCommand>("a1 LIST () \"\" * RETURN ()").Select);

        Assert.Equal("a1 BAD Invalid option", Bad("a1 LIST (RECURSIVEMATCH) \"\" *"));
        Assert.Equal("a1 BAD Invalid option", Bad("a1 LIST (BOGUS) \"\" *"));
        Assert.Equal("a1 BAD Unbalanced parentheses", Bad("a1 LIST \"\" (INBOX Sent"));
        Assert.Equal(new LsubCommand("a1", "", "*"), Parse<LsubCommand>("a1 LSUB \"\" *"));
    }

    [Fact]
    public void Status_items()
    {
        var status = Parse<StatusCommand>("a1 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ SIZE APPENDLIMIT)");
        Assert.Equal((StatusItems)255, status.Items);
        Assert.Equal("a1 BAD Invalid status item", Bad("a1 STATUS INBOX (MESSAGES BOGUS)"));
        Assert.Equal("a1 BAD Missing argument", Bad("a1 STATUS INBOX"));
    }

    [Fact]
    public void Append_streams_its_message_to_a_sink()
    {
        var sinks = new List<RecordingSink>();
        var append = Parse<AppendCommand>("a1 APPEND Sent (\\Seen $Forwarded) \" 7-Feb-1994 21:52:25 -0800\" {11}\r\nHello\r\nBody", sinks: sinks);
        Assert.Equal("Sent", append.Mailbox);
        var message = Assert.Single(append.Messages);
        Assert.Equal(MessageFlags.Seen, message.Flags.System);
        Assert.Equal(["$Forwarded"], message.Flags.Keywords);
        Assert.Equal(new DateTimeOffset(1994, 2, 7, 21, 52, 25, TimeSpan.FromHours(-8)), message.InternalDate);
        Assert.Same(sinks[0], message.Literal.Sink);
        Assert.Equal("Hello\r\nBody", sinks[0].Text);
    }

    [Fact]
    public void Multiappend_and_literal8()
    {
        var sinks = new List<RecordingSink>();
        var append = Parse<AppendCommand>("a1 APPEND {5+}\r\nDraft {2+}\r\nab (\\Draft) ~{3+}\r\nxyz", sinks: sinks);
        Assert.Equal("Draft", append.Mailbox);
        Assert.Equal(2, append.Messages.Count);
        Assert.True(append.Messages[1].Literal.IsBinary);
        Assert.Equal(MessageFlags.Draft, append.Messages[1].Flags.System);
        Assert.Equal(["ab", "xyz"], sinks.Select(s => s.Text));
    }

    [Fact]
    public void Append_errors()
    {
        Assert.Equal("a1 BAD Invalid literal", Bad("a1 APPEND INBOX (\\Seen) message"));
        Assert.Equal("a1 BAD Invalid date", Bad("a1 APPEND INBOX \"message\""));
        Assert.Equal("a1 BAD Invalid date", Bad("a1 APPEND INBOX \"31-Feb-2020 00:00:00 +0000\" {1+}\r\nx"));
        Assert.Equal("a1 BAD Invalid flag", Bad("a1 APPEND INBOX (\\Recent) {1+}\r\nx"));
        Assert.Equal("a1 BAD Missing argument", Bad("a1 APPEND INBOX"));
    }

    [Fact]
    public void Store_forms()
    {
        var store = Parse<StoreCommand>("a1 STORE 2:4 +FLAGS.SILENT (\\Deleted \\Seen $Junk)");
        Assert.Equal(StoreMode.Add, store.Mode);
        Assert.True(store.Silent);
        Assert.Equal(MessageFlags.Deleted | MessageFlags.Seen, store.Flags.System);
        Assert.Equal(["$Junk"], store.Flags.Keywords);
        Assert.Equal("STORE", store.Name);
        var uid = Parse<StoreCommand>("a1 UID STORE 1:* (UNCHANGEDSINCE 12345) -FLAGS \\Flagged \\Answered");
        Assert.True(uid.IsUid);
        Assert.Equal(StoreMode.Remove, uid.Mode);
        Assert.Equal(12345ul, uid.UnchangedSince);
        Assert.Equal(MessageFlags.Flagged | MessageFlags.Answered, uid.Flags.System);
        Assert.Equal(StoreMode.Replace, Parse<StoreCommand>("a1 STORE 1 FLAGS ()").Mode);
        Assert.Equal("a1 BAD Invalid store attribute", Bad("a1 STORE 1 LABELS (x)"));
        Assert.Equal("a1 BAD Invalid flag", Bad("a1 STORE 1 FLAGS (\\Bogus)"));
        Assert.Equal("a1 BAD Unbalanced parentheses", Bad("a1 STORE 1 FLAGS (\\Seen"));
    }

    [Fact]
    public void Copy_move_and_uid_expunge()
    {
        Assert.Equal(new CopyCommand("a1", false, Seq("2:4"), "Archive"), Parse<CopyCommand>("a1 COPY 2:4 Archive"));
        var move = Parse<MoveCommand>("a1 UID MOVE 42,44:* Trash");
        Assert.Equal("UID MOVE", move.Name);
        Assert.Equal("42,44:*", move.Set.Text);
        var expunge = Parse<ExpungeCommand>("a1 UID EXPUNGE 3000:3002");
        Assert.Equal("UID EXPUNGE", expunge.Name);
        Assert.Equal(UidSet.FromRange(3000, 3002), expunge.Uids!.Resolve(5000));
        Assert.Equal("a1 BAD Unknown command", Bad("a1 UID NOOP"));
    }

    [Theory]
    [InlineData("a1 FETCH 0 FLAGS")]
    [InlineData("a1 FETCH 1:0 FLAGS")]
    [InlineData("a1 FETCH x FLAGS")]
    [InlineData("a1 FETCH 1,,2 FLAGS")]
    [InlineData("a1 FETCH 01 FLAGS")]
    [InlineData("a1 FETCH 4294967296 FLAGS")]
    [InlineData("a1 COPY 1: INBOX")]
    public void Invalid_sequence_sets(string wire) =>
        Assert.Equal("a1 BAD Invalid sequence set", Bad(wire));

    [Fact]
    public void Reversed_and_huge_sequence_sets_are_accepted_and_normalised()
    {
        var fetch = Parse<FetchCommand>("a1 FETCH *:1 FLAGS");
        Assert.Equal(UidSet.FromRange(1, 7), fetch.Set.Resolve(7));
        var huge = Parse<FetchCommand>("a1 UID FETCH 1:4294967295 FLAGS");
        Assert.Equal(4294967295L, huge.Set.Resolve(10).Count);
        Assert.True(Parse<FetchCommand>("a1 FETCH $ FLAGS").Set.IsSaved);
    }

    [Theory]
    [InlineData("", "* BAD Empty command")]
    [InlineData("+ NOOP", "* BAD Invalid tag")]
    [InlineData("* NOOP", "* BAD Invalid tag")]
    [InlineData("a{1 NOOP", "* BAD Invalid tag")]
    [InlineData("NOOP", "* BAD Invalid tag")]
    [InlineData("a1 FROBNICATE", "a1 BAD Unknown command")]
    [InlineData("a1 (", "a1 BAD Unknown command")]
    [InlineData("a1 FETCH 1 (FLAGS", "a1 BAD Unbalanced parentheses")]
    [InlineData("a1 FETCH 1 FLAGS)", "a1 BAD Unbalanced parentheses")]
    [InlineData("a1 FETCH 1 (FLAGS))", "a1 BAD Unbalanced parentheses")]
    [InlineData("a1 SEARCH (SEEN (DELETED)", "a1 BAD Unbalanced parentheses")]
    [InlineData("a1 SEARCH SEEN)", "a1 BAD Unbalanced parentheses")]
    [InlineData("a1 SEARCH SINCE 30-Feb-2020", "a1 BAD Invalid date")]
    [InlineData("a1 SEARCH SINCE 1-Foo-2020", "a1 BAD Invalid date")]
    [InlineData("a1 SEARCH BEFORE \"1-Jan-20\"", "a1 BAD Invalid date")]
    [InlineData("a1 SEARCH BOGUS", "a1 BAD Invalid search key")]
    [InlineData("a1 SEARCH LARGER x", "a1 BAD Invalid number")]
    [InlineData("a1 LOGIN \"bob pw", "a1 BAD Invalid string")]
    [InlineData("a1  NOOP", "a1 BAD Unknown command")]
    [InlineData("a1 NOOP ", "a1 BAD Unexpected extra arguments")]
    public void Error_responses(string wire, string expected)
    {
        var result = ImapParser.Parse(ImapFrame.FromLine(wire));
        Assert.False(result.IsSuccess);
        Assert.Equal(expected, result.ErrorResponse);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        string deep = "a1 SEARCH " + new string('(', 40) + "SEEN" + new string(')', 40);
        Assert.Equal("a1 BAD Nesting too deep", Bad(deep));
        string nots = "a1 SEARCH " + string.Concat(Enumerable.Repeat("NOT ", 10000)) + "SEEN";
        Assert.Equal("a1 BAD Nesting too deep", Bad(nots));
        string shallow = "a1 SEARCH " + new string('(', 20) + "SEEN" + new string(')', 20);
        Assert.True(Parse(shallow).IsSuccess);
    }

    [Fact]
    public void Literal_marker_in_the_middle_of_a_line_is_not_a_literal()
    {
        Assert.Equal("a1 BAD Invalid literal", ImapParser.Parse(ImapFrame.FromLine("a1 LOGIN {3} x")).ErrorResponse);
    }

    private static ImapSequenceSet Seq(string text)
    {
        Assert.True(ImapSequenceSet.TryParse(text, out var set));
        return set;
    }
}
