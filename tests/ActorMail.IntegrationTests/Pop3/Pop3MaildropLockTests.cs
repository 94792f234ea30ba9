using System.Net;
using static ActorMail.IntegrationTests.Pop3.Pop3TestSupport;

namespace ActorMail.IntegrationTests.Pop3;

/// <summary>One session per maildrop, and nothing applied without QUIT.</summary>
public sealed class Pop3MaildropLockTests
{
    [Fact]
    public async Task Second_session_on_the_same_mailbox_gets_in_use_until_the_first_quits()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        await DeliverAsync(node, Alice, DottedMessage("a"));

        using var first = await LoginUserPassAsync(node);
        await using var second = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        Assert.StartsWith("+OK", await second.CommandAsync("USER " + Alice));
        Assert.StartsWith("-ERR [IN-USE]", await second.CommandAsync("PASS " + Password));
        Assert.StartsWith("-ERR [IN-USE]", await second.CommandAsync("AUTH PLAIN " + Plain(Alice, Password)));

        await first.DisconnectAsync(true);
        await second.LoginAsync();
        Assert.StartsWith("+OK 1 ", await second.CommandAsync("STAT"));
    }

    [Fact]
    public async Task Client_vanishing_before_quit_applies_no_deletion_and_frees_the_lock()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        await DeliverAsync(node, Alice, DottedMessage("a"));
        await DeliverAsync(node, Alice, DottedMessage("b"));

        var gone = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        await gone.LoginAsync();
        Assert.StartsWith("+OK", await gone.CommandAsync("DELE 1"));
        Assert.StartsWith("+OK", await gone.CommandAsync("DELE 2"));
        gone.Abort();

        // The lock is given back once the session notices the close; retry until then.
        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            await using var next = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
            Assert.StartsWith("+OK", await next.CommandAsync("USER " + Alice));
            var reply = await next.CommandAsync("PASS " + Password);
            if (reply.StartsWith("+OK", StringComparison.Ordinal))
            {
                Assert.StartsWith("+OK 2 ", await next.CommandAsync("STAT"));
                break;
            }

            Assert.StartsWith("-ERR [IN-USE]", reply);
            Assert.True(DateTime.UtcNow < until, "the lock was not released");
            await Task.Delay(50);
        }

        Assert.Equal(2, await CountAsync(node, Alice));
    }

    [Fact]
    public async Task Different_mailboxes_are_served_at_once()
    {
        const string bob = "bob@" + TestNode.Domain;
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        await node.AddUserAsync(bob, "bob password");
        await DeliverAsync(node, bob, DottedMessage("for bob"));

        using var alice = await LoginUserPassAsync(node);
        using var bobClient = await LoginUserPassAsync(node, bob, "bob password");
        Assert.Equal(0, alice.Count);
        Assert.Equal(1, bobClient.Count);
        await alice.DisconnectAsync(true);
        await bobClient.DisconnectAsync(true);
    }

    internal static string Plain(string user, string password) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("\0" + user + "\0" + password));
}
