using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Pop3;
using Akka.Actor;
using static ActorMail.IntegrationTests.Pop3.Pop3TestSupport;

namespace ActorMail.IntegrationTests.Pop3;

/// <summary>MailKit's Pop3Client against a node: list, retrieve, delete, TOP, snapshot semantics.</summary>
public sealed class Pop3RetrievalTests
{
    [Fact]
    public async Task MailKit_lists_retrieves_byte_exact_and_deletes_on_quit()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        var messages = new[] { DottedMessage("one"), LargeMessage("two", 300), DottedMessage("three") };
        foreach (var m in messages) await DeliverAsync(node, Alice, m);

        using (var client = await LoginUserPassAsync(node))
        {
            Assert.Equal(3, client.Count);
            var sizes = await client.GetMessageSizesAsync();
            Assert.Equal(messages.Select(m => m.Length), sizes);
            for (int i = 0; i < messages.Length; i++)
            {
                Assert.Equal(messages[i], await RetrieveRawAsync(client, i));
            }

            await client.DeleteMessageAsync(1);
            await client.DisconnectAsync(true);
        }

        Assert.Equal(2, await CountAsync(node, Alice));
        using (var client = await LoginUserPassAsync(node))
        {
            Assert.Equal(2, client.Count);
            Assert.Equal(messages[0], await RetrieveRawAsync(client, 0));
            Assert.Equal(messages[2], await RetrieveRawAsync(client, 1));
            await client.DisconnectAsync(true);
        }
    }

    [Fact]
    public async Task Rset_and_quit_without_deletions_keep_everything()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        await DeliverAsync(node, Alice, DottedMessage("a"));
        await DeliverAsync(node, Alice, DottedMessage("b"));

        await using var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        await raw.LoginAsync();
        Assert.StartsWith("+OK", await raw.CommandAsync("DELE 1"));
        Assert.StartsWith("+OK 1 ", await raw.CommandAsync("STAT"));
        Assert.StartsWith("+OK", await raw.CommandAsync("RSET"));
        Assert.StartsWith("+OK 2 ", await raw.CommandAsync("STAT"));
        Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"));
        Assert.Equal(2, await CountAsync(node, Alice));
    }

    [Fact]
    public async Task Top_sends_the_header_and_the_first_lines()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        await DeliverAsync(node, Alice, DottedMessage("top"));

        await using var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        await raw.LoginAsync();
        Assert.StartsWith("+OK", await raw.CommandAsync("TOP 1 2"));
        var lines = await raw.ReadMultilineAsync();
        int blank = lines.IndexOf("");
        Assert.Contains("Subject: top", lines.Take(blank));
        Assert.Equal(new[] { "first line", ".starts with a dot" }, lines.Skip(blank + 1));

        Assert.StartsWith("+OK", await raw.CommandAsync("TOP 1 0"));
        lines = await raw.ReadMultilineAsync();
        Assert.Equal("", lines[^1]);
        Assert.DoesNotContain("first line", lines);

        using var client = await LoginAfter(raw, node);
        var headers = await client.GetMessageHeadersAsync(0);
        Assert.Equal("top", headers[MimeKit.HeaderId.Subject]);
    }

    private static async Task<MailKit.Net.Pop3.Pop3Client> LoginAfter(RawPop3 raw, TestNode node)
    {
        Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"));
        return await LoginUserPassAsync(node);
    }

    [Fact]
    public async Task Numbering_is_a_snapshot_while_mail_arrives_and_leaves()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        var first = DottedMessage("first");
        var second = DottedMessage("second");
        await DeliverAsync(node, Alice, first);
        await DeliverAsync(node, Alice, second);

        await using var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3"));
        await raw.LoginAsync();
        Assert.StartsWith("+OK", await raw.CommandAsync("UIDL"));
        var uidlBefore = await raw.ReadMultilineAsync();

        // A delivery and an expunge of message 1 (as IMAP would do) during the session.
        await DeliverAsync(node, Alice, DottedMessage("third"));
        var uids = await UidsAsync(node, Alice);
        var removed = await node.Host.Runtime.Mailboxes.Ask<MailboxResponse>(
            new MailboxEnvelope(Alice, new RemoveMessages(MailboxState.Inbox, Core.UidSet.Single(uids[0]))), Wait);
        Assert.IsType<Expunged>(removed.Result);

        Assert.Equal($"+OK 2 {first.Length + second.Length}", await raw.CommandAsync("STAT"));
        Assert.StartsWith("+OK", await raw.CommandAsync("UIDL"));
        Assert.Equal(uidlBefore, await raw.ReadMultilineAsync());
        Assert.StartsWith("+OK", await raw.CommandAsync("LIST"));
        Assert.Equal(new[] { $"1 {first.Length}", $"2 {second.Length}" }, await raw.ReadMultilineAsync());
        Assert.StartsWith("+OK", await raw.CommandAsync("RETR 2"));
        Assert.Contains("Subject: second", await raw.ReadMultilineAsync());
        Assert.Equal("-ERR No such message", await raw.CommandAsync("RETR 3"));

        // Deleting both: message 1 is gone already, message 2 goes; the new one stays.
        Assert.StartsWith("+OK", await raw.CommandAsync("DELE 1"));
        Assert.StartsWith("+OK", await raw.CommandAsync("DELE 2"));
        Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"));
        Assert.Equal(1, await CountAsync(node, Alice));
        using var client = await LoginUserPassAsync(node);
        Assert.Equal(1, client.Count);
        Assert.Equal("third", (await client.GetMessageAsync(0)).Subject);
    }

    [Fact]
    public async Task Leave_on_server_keeps_uidl_stable_across_sessions_and_restarts()
    {
        var dir = Path.Combine(Path.GetTempPath(), "actormail-it-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            IList<string> firstIds;
            await using (var node = await TestNode.StartAsync(Listen.Pop3, dataDir: dir))
            {
                await node.AddUserAsync(Alice, Password);
                await DeliverAsync(node, Alice, DottedMessage("a"));
                await DeliverAsync(node, Alice, DottedMessage("b"));
                var status = await node.StatusAsync(Alice);
                var uids = await UidsAsync(node, Alice);
                using (var client = await LoginUserPassAsync(node))
                {
                    firstIds = await client.GetMessageUidsAsync();
                    Assert.Equal(uids.Select(u => Pop3Uidl.Make(status.UidValidity, u)), firstIds);
                    await RetrieveRawAsync(client, 0);
                    await client.DisconnectAsync(true);
                }

                using (var client = await LoginUserPassAsync(node))
                {
                    Assert.Equal(firstIds, await client.GetMessageUidsAsync());
                    await client.DisconnectAsync(true);
                }
            }

            await using (var node = await TestNode.StartAsync(Listen.Pop3, dataDir: dir))
            {
                await DeliverAsync(node, Alice, DottedMessage("c"));
                using var client = await LoginUserPassAsync(node);
                var ids = await client.GetMessageUidsAsync();
                Assert.Equal(3, ids.Count);
                Assert.Equal(firstIds, ids.Take(2));
                Assert.DoesNotContain(ids[2], firstIds);
                await client.DisconnectAsync(true);
            }
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
