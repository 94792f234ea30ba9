using ActorMail.Sessions.Pop3;
using static ActorMail.IntegrationTests.Pop3.Pop3TestSupport;

namespace ActorMail.IntegrationTests.Pop3;

/// <summary>Bad input over raw sockets: every case is answered and the session goes on.</summary>
public sealed class Pop3BadInputTests
{
    [Fact]
    public async Task Bad_lines_get_err_and_the_session_continues()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        await DeliverAsync(node, Alice, DottedMessage("a"));
        await DeliverAsync(node, Alice, DottedMessage("b"));

        await using var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        Assert.Equal("-ERR Line too long", await raw.CommandAsync("NOOP " + new string('x', 600)));
        await raw.SendAsync("USER " + new string('y', 100_000));
        await raw.SendAsync("\r\n");
        Assert.Equal("-ERR Line too long", await raw.ReadLineAsync());
        Assert.Equal("-ERR Unknown command", await raw.CommandAsync("FOO bar"));
        Assert.Equal("-ERR Unknown command", await raw.CommandAsync(""));
        Assert.Equal("-ERR Invalid characters in command", await raw.CommandAsync("NO\u0001OP"));
        Assert.Equal("-ERR Command not valid in this state", await raw.CommandAsync("STAT"));
        Assert.Equal("-ERR Command not valid in this state", await raw.CommandAsync("RETR 1"));
        Assert.Equal("-ERR Command not valid in this state", await raw.CommandAsync("PASS " + Password));
        Assert.Equal("-ERR APOP not supported", await raw.CommandAsync("APOP alice 0123456789abcdef"));

        await raw.LoginAsync();
        Assert.Equal("-ERR Command not valid in this state", await raw.CommandAsync("USER " + Alice));
        Assert.Equal("-ERR Command not valid in this state", await raw.CommandAsync("STLS"));
        Assert.Equal("-ERR No such message", await raw.CommandAsync("RETR 3"));
        Assert.Equal("-ERR No such message", await raw.CommandAsync("LIST 99999"));
        Assert.Equal("-ERR Invalid message number", await raw.CommandAsync("RETR 0"));
        Assert.Equal("-ERR Invalid message number", await raw.CommandAsync("DELE x"));
        Assert.Equal("-ERR Invalid message number", await raw.CommandAsync("TOP 99999999999 1"));
        Assert.StartsWith("+OK", await raw.CommandAsync("DELE 1"));
        Assert.Equal("-ERR Message is deleted", await raw.CommandAsync("RETR 1"));
        Assert.Equal("-ERR Message is deleted", await raw.CommandAsync("DELE 1"));
        Assert.Equal("-ERR Message is deleted", await raw.CommandAsync("UIDL 1"));
        Assert.StartsWith("+OK", await raw.CommandAsync("LIST"));
        Assert.Single(await raw.ReadMultilineAsync());
        Assert.StartsWith("+OK", await raw.CommandAsync("NOOP"));
        Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"));
        Assert.Equal(1, await CountAsync(node, Alice));
    }

    [Fact]
    public async Task Pipelined_commands_are_answered_in_order()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        await DeliverAsync(node, Alice, DottedMessage("a"));

        await using var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        await raw.SendAsync($"USER {Alice}\r\nPASS {Password}\r\nSTAT\r\nRETR 1\r\nNOOP\r\nQUIT\r\n");
        Assert.StartsWith("+OK", await raw.ReadLineAsync());
        Assert.StartsWith("+OK", await raw.ReadLineAsync());
        Assert.StartsWith("+OK 1 ", await raw.ReadLineAsync());
        Assert.StartsWith("+OK", await raw.ReadLineAsync());
        Assert.Contains("..two dots", await raw.ReadMultilineAsync());
        Assert.Equal("+OK", await raw.ReadLineAsync());
        Assert.StartsWith("+OK", await raw.ReadLineAsync());
        Assert.Empty(await raw.ReadToCloseAsync());
    }

    [Fact]
    public async Task Idle_session_is_logged_out()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3,
            new Dictionary<string, string> { ["ACTORMAIL__POP3__TIMEOUT"] = "1s" });
        await node.AddUserAsync(Alice, Password);
        await DeliverAsync(node, Alice, DottedMessage("a"));

        await using var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        await raw.LoginAsync();
        Assert.StartsWith("+OK", await raw.CommandAsync("DELE 1"));
        Assert.Equal(new[] { "-ERR Autologout, idle for too long" }, await raw.ReadToCloseAsync());
        Assert.Equal(1, await CountAsync(node, Alice));
    }

    [Fact]
    public async Task Connections_over_the_per_ip_limit_are_refused()
    {
        await using var node = await TestNode.StartAsync(Listen.AllPop3,
            new Dictionary<string, string> { ["ACTORMAIL__POP3__MAX_CONNECTIONS_PER_IP"] = "1" });

        await using var first = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        await using var second = await RawPop3.ConnectAsync(node.Endpoint("pop3"), readGreeting: false);
        Assert.Equal(new[] { Pop3Server.TooManyConnectionsReply }, await second.ReadToCloseAsync());
        Assert.StartsWith("+OK", await first.CommandAsync("CAPA"));
    }
}
