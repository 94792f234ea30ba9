using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;
using MailKit;
using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>
/// Live updates go on when the mailbox entity of the account restarts or stops while a MailKit client idles:
/// the session registers again, catches up and keeps receiving changes.
/// </summary>
public sealed class ImapWatchRecoveryTests
{
    /// <summary>A query that throws inside the entity, which its supervisor then restarts in place.</summary>
    private sealed record FailingQuery : MailboxQuery
    {
        public override object Run(MailboxState state) => throw new InvalidOperationException("failing on purpose");
    }

    [Fact]
    public async Task Idling_client_sees_new_mail_after_the_mailbox_entity_restarts()
    {
        await using var node = await StartAsync();
        await DeliverAsync(node, Alice, Message("one"));
        await using var idle = await IdlingClient.StartAsync(node);
        var observer = Observe(node);
        Assert.IsType<MailboxWatched>(await observer.ReceiveAsync(Wait));

        node.Host.Runtime.Mailboxes.Tell(new MailboxEnvelope(Alice, new FailingQuery()));
        Assert.IsType<MailboxRestarting>(await observer.ReceiveAsync(Wait));

        // Delivered after the restart: announced by the session's catch-up or by the renewed watch.
        await DeliverAsync(node, Alice, Message("two"));
        await idle.CountReachesAsync(2);
        // The watch is back: later changes arrive as they happen.
        await DeliverAsync(node, Alice, Message("three"));
        await idle.CountReachesAsync(3);
    }

    [Fact]
    public async Task Idling_client_sees_new_mail_after_the_mailbox_entity_stops()
    {
        await using var node = await StartAsync();
        await DeliverAsync(node, Alice, Message("one"));
        await using var idle = await IdlingClient.StartAsync(node);
        var observer = Observe(node);
        var entity = ((MailboxWatched)await observer.ReceiveAsync(Wait)).Entity;

        // A stop, as after a journal failure; the router starts a new incarnation on the next message.
        Assert.True(await entity.GracefulStop(Wait));
        // Messages that reach the router before it has noticed the stop are lost (as under sharding): wait until
        // the new incarnation answers.
        await UntilMailboxAnswersAsync(node);
        await DeliverAsync(node, Alice, Message("two"));
        await idle.CountReachesAsync(2);
        await DeliverAsync(node, Alice, Message("three"));
        await idle.CountReachesAsync(3);
    }

    private static async Task UntilMailboxAnswersAsync(TestNode node)
    {
        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            try
            {
                await node.Host.Runtime.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(Alice, new FolderStatusQuery("INBOX")), TimeSpan.FromMilliseconds(500));
                return;
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < until)
            {
            }
        }
    }

    /// <summary>An Akka inbox registered as a watcher of Alice's mailbox entity (its acknowledgment is left to read).</summary>
    private static Inbox Observe(TestNode node)
    {
        var inbox = Inbox.Create(node.Host.Runtime.System);
        node.Host.Runtime.Mailboxes.Tell(new MailboxEnvelope(Alice, new WatchMailbox(inbox.Receiver)));
        return inbox;
    }

    /// <summary>A MailKit client idling on INBOX, recording the message count it is told.</summary>
    private sealed class IdlingClient : IAsyncDisposable
    {
        private readonly MailKit.Net.Imap.ImapClient _client;
        private readonly CancellationTokenSource _done = new();
        private Task _idle = Task.CompletedTask;
        private volatile int _count;

        private IdlingClient(MailKit.Net.Imap.ImapClient client) => _client = client;

        public static async Task<IdlingClient> StartAsync(TestNode node)
        {
            var client = await LoginAsync(node);
            var idling = new IdlingClient(client);
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
            idling._count = client.Inbox.Count;
            client.Inbox.CountChanged += (_, _) => idling._count = client.Inbox.Count;
            idling._idle = client.IdleAsync(idling._done.Token);
            return idling;
        }

        public Task CountReachesAsync(int count) => UntilAsync(() => _count == count);

        public async ValueTask DisposeAsync()
        {
            await _done.CancelAsync();
            await _idle;
            await _client.DisconnectAsync(true);
            _client.Dispose();
            _done.Dispose();
        }
    }
}
