using System.Text;
using Akka.Actor;
using MailKit;
using ActorMail.IntegrationTests.Pop3;
using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>Sessions sharing a folder: live updates, IDLE, POP3 beside IMAP, APPEND cut off midway, auto-expunge.</summary>
public sealed class ImapConcurrencyTests
{
    [Fact]
    public async Task Two_sessions_on_one_folder_see_each_others_changes_where_allowed()
    {
        await using var node = await StartAsync();
        for (int i = 1; i <= 3; i++) await DeliverAsync(node, Alice, Message("m" + i));
        await using var a = await RawImap.OpenAsync(node, Alice);
        await using var b = await RawImap.OpenAsync(node, Alice);

        await b.OkAsync("STORE 1 +FLAGS (\\Flagged)");
        var noop = await a.OkAsync("NOOP");
        Assert.Contains(noop, l => l.StartsWith("* 1 FETCH (UID 1 FLAGS (\\Flagged", StringComparison.Ordinal));

        await b.OkAsync("STORE 2 +FLAGS.SILENT (\\Deleted)");
        var expunge = await b.OkAsync("EXPUNGE");
        Assert.Contains("* 2 EXPUNGE", expunge);

        // Not during FETCH by sequence number: message 2 is still number 2 for A, and its data is simply gone.
        var fetch = await a.OkAsync("FETCH 1:3 (UID)");
        Assert.DoesNotContain(fetch, l => l.Contains("EXPUNGE", StringComparison.Ordinal));
        Assert.Contains("* 1 FETCH (UID 1)", fetch);
        Assert.Contains("* 3 FETCH (UID 3)", fetch);
        var store = await a.OkAsync("STORE 3 +FLAGS (\\Seen)");
        Assert.DoesNotContain(store, l => l.Contains("EXPUNGE", StringComparison.Ordinal));
        Assert.Contains(store, l => l.StartsWith("* 3 FETCH (FLAGS (\\Seen", StringComparison.Ordinal));

        // NOOP may carry it.
        noop = await a.OkAsync("NOOP");
        Assert.Contains("* 2 EXPUNGE", noop);
        Assert.Contains("* 2 FETCH (UID 3)", await a.OkAsync("FETCH 2 (UID)"));

        // New mail, by delivery and by the other session's APPEND.
        await DeliverAsync(node, Alice, Message("m4"));
        Assert.Contains("* 3 EXISTS", await a.OkAsync("NOOP"));
        var append = Encoding.ASCII.GetBytes("Subject: appended\r\n\r\nx\r\n");
        var appendTag = b.NextTag();
        await b.SendAsync($"{appendTag} APPEND INBOX {{{append.Length}+}}\r\n");
        await b.SendAsync(append);
        await b.SendAsync("\r\n");
        var appended = await b.ReadUntilTaggedAsync(appendTag);
        Assert.Contains(" OK [APPENDUID ", appended[^1]);
        Assert.Contains("* 4 EXISTS", appended);
        Assert.Contains("* 4 EXISTS", await a.OkAsync("NOOP"));
        Assert.DoesNotContain(await b.OkAsync("NOOP"), l => l.Contains("EXISTS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Idle_reports_delivery_flags_and_expunge_at_once()
    {
        await using var node = await StartAsync();
        await DeliverAsync(node, Alice, Message("one"));
        await using var a = await RawImap.OpenAsync(node, Alice);
        await using var b = await RawImap.OpenAsync(node, Alice);

        var tag = a.NextTag();
        await a.SendAsync(tag + " IDLE\r\n");
        Assert.Equal("+ idling", await a.ReadLineAsync());

        await DeliverAsync(node, Alice, Message("two"));
        Assert.Equal("* 2 EXISTS", await a.ReadLineAsync());
        // Both messages are \Recent for this session: it claimed the first when it selected INBOX.
        Assert.Equal("* 2 RECENT", await a.ReadLineAsync());

        await b.OkAsync("STORE 1 +FLAGS (\\Answered \\Deleted)");
        Assert.StartsWith("* 1 FETCH (UID 1 FLAGS (\\Answered \\Deleted", await a.ReadLineAsync());
        await b.OkAsync("EXPUNGE");
        Assert.Equal("* 1 EXPUNGE", await a.ReadLineAsync());

        await a.SendAsync("DONE\r\n");
        Assert.Equal(tag + " OK IDLE terminated", await a.ReadLineAsync());
        Assert.Contains("* 1 FETCH (UID 2)", await a.OkAsync("FETCH 1 (UID)"));
    }

    [Fact]
    public async Task Pop3_and_imap_work_on_one_mailbox_at_once()
    {
        await using var node = await TestNode.StartAsync(Listen.Imap | Listen.Pop3);
        await node.AddUserAsync(Alice, Password);
        await DeliverAsync(node, Alice, Message("one"));
        await DeliverAsync(node, Alice, Message("two"));

        await using var imap = await RawImap.OpenAsync(node, Alice);
        using var pop = await Pop3TestSupport.LoginUserPassAsync(node, Alice, Password);
        Assert.Equal(2, await pop.GetMessageCountAsync());

        // IMAP changes do not disturb the POP3 snapshot, POP3 deletions reach the IMAP session.
        await imap.OkAsync("STORE 2 +FLAGS (\\Seen)");
        var body = await Pop3TestSupport.RetrieveRawAsync(pop, 0);
        Assert.Contains("Subject: one", Encoding.ASCII.GetString(body));
        await pop.DeleteMessageAsync(0);
        await pop.DisconnectAsync(true);

        var noop = await imap.OkAsync("NOOP");
        Assert.Contains("* 1 EXPUNGE", noop);
        Assert.Contains(await imap.OkAsync("FETCH 1 (UID FLAGS)"), l => l.StartsWith("* 1 FETCH (UID 2 FLAGS (\\Seen", StringComparison.Ordinal));
        Assert.Equal(1, (await node.StatusAsync(Alice)).Messages);
    }

    [Fact]
    public async Task Client_vanishing_mid_append_stores_nothing_and_other_sessions_go_on()
    {
        await using var node = await StartAsync();
        await using var watcher = await RawImap.OpenAsync(node, Alice);
        long blobsBefore = node.Host.Runtime.Blobs.Count;

        foreach (int size in new[] { 100_000, 3_000_000 })
        {
            var raw = await RawImap.OpenAsync(node, Alice, folder: null);
            await raw.SendAsync($"{raw.NextTag()} APPEND INBOX {{{size}}}\r\n");
            Assert.Equal("+ Ready", await raw.ReadLineAsync());
            await raw.SendAsync(new byte[size * 2 / 3]);
            raw.Abort();
            await raw.DisposeAsync();
        }

        // The watcher is unaffected, and nothing reached the folder or the blob store.
        Assert.Equal("t3 OK Completed", (await watcher.OkAsync("NOOP"))[^1]);
        Assert.Equal(0, (await node.StatusAsync(Alice)).Messages);
        Assert.Equal(blobsBefore, node.Host.Runtime.Blobs.Count);
        // The cut-off sessions are gone; only the watcher remains.
        var supervisor = node.Host.Runtime.System.ActorSelection("/user/imap-sessions");
        var until = DateTime.UtcNow + Wait;
        while (await supervisor.Ask<int>(ActorMail.Sessions.Common.GetSessionCount.Instance, Wait) != 1)
        {
            Assert.True(DateTime.UtcNow < until, "aborted sessions did not stop");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Large_messages_round_trip_through_append_and_fetch()
    {
        await using var node = await StartAsync();
        using var client = await LoginAsync(node);
        var body = new StringBuilder();
        while (body.Length < 2_500_000) body.Append("line ").Append(body.Length).Append(" of a large message\r\n");
        var mime = new MimeKit.MimeMessage();
        mime.From.Add(MimeKit.MailboxAddress.Parse("bob@example.org"));
        mime.To.Add(MimeKit.MailboxAddress.Parse(Alice));
        mime.Subject = "large";
        mime.Body = new MimeKit.TextPart("plain") { Text = body.ToString() };
        var uid = await client.Inbox.AppendAsync(mime, MailKit.MessageFlags.None);
        Assert.NotNull(uid);
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        var back = await client.Inbox.GetMessageAsync(uid!.Value);
        Assert.Equal(body.ToString().Replace("\r\n", "\n").TrimEnd(), back.TextBody!.Replace("\r\n", "\n").TrimEnd());
    }

    [Fact]
    public async Task Auto_expunge_removes_deleted_messages_and_selected_sessions_hear_of_it()
    {
        await using var node = await StartAsync(env: new Dictionary<string, string> { ["ACTORMAIL__IMAP__AUTO_EXPUNGE_INTERVAL"] = "1s" });
        await DeliverAsync(node, Alice, Message("keep"));
        await DeliverAsync(node, Alice, Message("drop"));
        await using var a = await RawImap.OpenAsync(node, Alice);
        await a.OkAsync("STORE 2 +FLAGS (\\Deleted)");
        var tag = a.NextTag();
        await a.SendAsync(tag + " IDLE\r\n");
        Assert.Equal("+ idling", await a.ReadLineAsync());
        Assert.Equal("* 2 EXPUNGE", await a.ReadLineAsync());
        await a.SendAsync("DONE\r\n");
        Assert.Equal(tag + " OK IDLE terminated", await a.ReadLineAsync());
        Assert.Equal(1, (await node.StatusAsync(Alice)).Messages);
    }
}
