using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3ParserTests
{
    private const Pop3State Auth = Pop3State.Authorization;
    private const Pop3State Trans = Pop3State.Transaction;

    private static Pop3Command Ok(string line, Pop3State state)
    {
        var result = Pop3Parser.Parse(line, state);
        Assert.True(result.IsSuccess, $"'{line}' failed: {result.Error}");
        return result.Command;
    }

    private static Pop3Reply Err(string line, Pop3State state)
    {
        var result = Pop3Parser.Parse(line, state);
        Assert.False(result.IsSuccess, $"'{line}' parsed as {result.Command}");
        Assert.False(result.Error.IsOk);
        return result.Error;
    }

    [Fact]
    public void User_takes_one_name()
    {
        Assert.Equal(new UserCommand("alice@example.org"), Ok("USER alice@example.org", Auth));
        Assert.Equal(new UserCommand("bob"), Ok("user bob", Auth));
        Assert.Equal("-ERR USER needs exactly one user name", Err("USER", Auth).ToString());
        Assert.Equal("-ERR USER needs exactly one user name", Err("USER a b", Auth).ToString());
    }

    [Fact]
    public void Pass_takes_the_rest_of_the_line_spaces_included()
    {
        Assert.Equal(new PassCommand("correct horse  battery "), Ok("PASS correct horse  battery ", Auth));
        Assert.Equal(new PassCommand(" x"), Ok("pass  x", Auth));
        Assert.Equal("-ERR PASS needs a password", Err("PASS", Auth).ToString());
        Assert.Equal("-ERR PASS needs a password", Err("PASS ", Auth).ToString());
    }

    [Fact]
    public void Pass_and_auth_never_show_credentials()
    {
        Assert.DoesNotContain("hunter2", Ok("PASS hunter2", Auth).ToString());
        Assert.DoesNotContain("AGFsaWNl", Ok("AUTH PLAIN AGFsaWNlAHg=", Auth).ToString());
        Assert.DoesNotContain("hunter2", Pop3Parser.Parse("PASS hunter2", Auth).ToString());
    }

    [Fact]
    public void Auth_takes_an_optional_mechanism_and_initial_response()
    {
        Assert.Equal(new AuthCommand(null, null), Ok("AUTH", Auth));
        Assert.Equal(new AuthCommand("PLAIN", null), Ok("auth plain", Auth));
        Assert.Equal(new AuthCommand("PLAIN", "AGFsaWNlAHg="), Ok("AUTH PLAIN AGFsaWNlAHg=", Auth));
        Assert.Equal(new AuthCommand("PLAIN", ""), Ok("AUTH PLAIN =", Auth));
        Assert.Equal(new AuthCommand("X-OTHER_1", null), Ok("AUTH x-other_1", Auth));
        Assert.True(((AuthCommand)Ok("AUTH PLAIN", Auth)).IsPlaintextLogin);
        Assert.False(((AuthCommand)Ok("AUTH CRAM-MD5", Auth)).IsPlaintextLogin);
    }

    [Theory]
    [InlineData("AUTH PLAIN a b", "-ERR AUTH takes a mechanism and an optional initial response")]
    [InlineData("AUTH PL@IN", "-ERR Invalid mechanism name")]
    [InlineData("AUTH ABCDEFGHIJKLMNOPQRSTU", "-ERR Invalid mechanism name")]
    [InlineData("AUTH PLAIN abc", "-ERR Invalid authentication response")]
    [InlineData("AUTH PLAIN ab=c", "-ERR Invalid authentication response")]
    [InlineData("AUTH PLAIN a===", "-ERR Invalid authentication response")]
    [InlineData("AUTH PLAIN ab!c", "-ERR Invalid authentication response")]
    public void Auth_rejects_bad_arguments(string line, string reply) =>
        Assert.Equal(reply, Err(line, Auth).ToString());

    [Fact]
    public void Apop_is_recognised_with_a_name_and_digest()
    {
        Assert.Equal(new ApopCommand("mrose"), Ok("APOP mrose c4c9334bac560ecc979e58001b3e22fb", Auth));
        Assert.Equal("-ERR APOP needs a name and a digest", Err("APOP mrose", Auth).ToString());
    }

    [Theory]
    [InlineData("STAT", Pop3Verb.Stat, Trans)]
    [InlineData("noop", Pop3Verb.Noop, Trans)]
    [InlineData("Rset", Pop3Verb.Rset, Trans)]
    [InlineData("QUIT", Pop3Verb.Quit, Trans)]
    [InlineData("QUIT", Pop3Verb.Quit, Auth)]
    [InlineData("CAPA", Pop3Verb.Capa, Auth)]
    [InlineData("capa", Pop3Verb.Capa, Trans)]
    [InlineData("STLS", Pop3Verb.Stls, Auth)]
    [InlineData("STAT ", Pop3Verb.Stat, Trans)]
    public void Commands_without_arguments_parse(string line, Pop3Verb verb, Pop3State state) =>
        Assert.Equal(verb, Ok(line, state).Verb);

    [Theory]
    [InlineData("STAT 1", Trans)]
    [InlineData("NOOP x", Trans)]
    [InlineData("RSET 1", Trans)]
    [InlineData("QUIT now", Auth)]
    [InlineData("CAPA x", Auth)]
    [InlineData("STLS x", Auth)]
    public void Commands_without_arguments_reject_arguments(string line, Pop3State state)
    {
        string keyword = line.Split(' ')[0];
        Assert.Equal($"-ERR {keyword} takes no arguments", Err(line, state).ToString());
    }

    [Fact]
    public void List_and_uidl_take_an_optional_message_number()
    {
        Assert.Equal(new ListCommand((int?)null), Ok("LIST", Trans));
        Assert.Equal(new ListCommand(2), Ok("list 2", Trans));
        Assert.Equal(new UidlCommand((int?)null), Ok("UIDL", Trans));
        Assert.Equal(new UidlCommand(2147483647), Ok("UIDL 2147483647", Trans));
        Assert.Equal("-ERR LIST takes at most one message number", Err("LIST 1 2", Trans).ToString());
        Assert.Equal("-ERR UIDL takes at most one message number", Err("UIDL 1 2", Trans).ToString());
        Assert.Equal("-ERR Invalid message number", Err("UIDL x", Trans).ToString());
    }

    [Fact]
    public void Retr_and_dele_need_one_message_number()
    {
        Assert.Equal(new RetrCommand(1), Ok("RETR 1", Trans));
        Assert.Equal(new DeleCommand(17), Ok("dele 017", Trans));
        Assert.Equal("-ERR RETR needs exactly one message number", Err("RETR", Trans).ToString());
        Assert.Equal("-ERR DELE needs exactly one message number", Err("DELE 1 2", Trans).ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.0")]
    [InlineData("0x1")]
    [InlineData("2147483648")]
    [InlineData("99999999999")]
    [InlineData("１")]
    public void Message_numbers_are_unsigned_decimals_in_int_range(string number)
    {
        foreach (var keyword in new[] { "RETR", "DELE", "LIST", "UIDL" })
        {
            Assert.Equal("-ERR Invalid message number", Err($"{keyword} {number}", Trans).ToString());
        }

        Assert.Equal("-ERR Invalid message number", Err($"TOP {number} 1", Trans).ToString());
    }

    [Fact]
    public void Top_needs_a_message_number_and_a_non_negative_line_count()
    {
        Assert.Equal(new TopCommand(1, 0), Ok("TOP 1 0", Trans));
        Assert.Equal(new TopCommand(3, 2147483647), Ok("top 3 2147483647", Trans));
        Assert.Equal("-ERR TOP needs a message number and a line count", Err("TOP 1", Trans).ToString());
        Assert.Equal("-ERR TOP needs a message number and a line count", Err("TOP 1 2 3", Trans).ToString());
        Assert.Equal("-ERR Invalid line count", Err("TOP 1 -1", Trans).ToString());
        Assert.Equal("-ERR Invalid line count", Err("TOP 1 x", Trans).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" STAT")]
    [InlineData("XTND")]
    [InlineData("STATS")]
    [InlineData("HELO there")]
    [InlineData("UTF8")]
    [InlineData("ÜSER x")]
    [InlineData("QUıT")]
    [InlineData("ſTAT")]
    public void Unknown_keywords_are_rejected(string line)
    {
        Assert.Same(Pop3Replies.UnknownCommand, Err(line, Auth));
        Assert.Same(Pop3Replies.UnknownCommand, Err(line, Trans));
    }

    [Theory]
    [InlineData("NOOP\0")]
    [InlineData("USER a\tb")]
    [InlineData("PASS x\u007f")]
    [InlineData("RETR 1\r")]
    public void Control_characters_are_rejected(string line) =>
        Assert.Same(Pop3Replies.InvalidCharacters, Err(line, Trans));

    [Theory]
    [InlineData("STAT", Auth)]
    [InlineData("RETR 1", Auth)]
    [InlineData("RETR x", Auth)]
    [InlineData("USER bob", Trans)]
    [InlineData("PASS x", Trans)]
    [InlineData("STLS", Trans)]
    [InlineData("AUTH PLAIN", Trans)]
    [InlineData("QUIT", Pop3State.Update)]
    [InlineData("CAPA", Pop3State.Update)]
    public void Known_commands_in_the_wrong_state_get_the_generic_state_error(string line, Pop3State state) =>
        Assert.Same(Pop3Replies.WrongState, Err(line, state));

    [Fact]
    public void Fuzz_any_line_gives_a_result()
    {
        var random = new Random(1734);
        string[] prefixes = ["USER", "PASS", "AUTH", "APOP", "LIST", "RETR", "TOP", "UIDL", "DELE", "STAT", ""];
        for (int i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 30)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(4) == 0 ? ' ' : (char)random.Next(0, 0x250);
            }

            string line = prefixes[random.Next(prefixes.Length)] + " " + new string(chars);
            foreach (var state in Enum.GetValues<Pop3State>())
            {
                var result = Pop3Parser.Parse(random.Next(2) == 0 ? line : line.Trim(), state);
                Assert.True(result.IsSuccess ? result.Command is not null : result.Error is { IsOk: false });
            }
        }
    }
}
