using System.Collections.Concurrent;
using System.Diagnostics;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;
using MailKit;
using Serilog;
using Serilog.Core;
using Serilog.Events;
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

    [Fact]
    public async Task A_mailbox_entity_that_keeps_failing_is_not_asked_in_a_busy_loop()
    {
        // The session logs each acknowledged registration (at Debug); the test counts those of its own connection.
        var sink = new RegistrationSink();
        var previous = Log.Logger;
        Log.Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        try
        {
            await using var node = await StartAsync();
            await DeliverAsync(node, Alice, Message("one"));
            await using var imap = await RawImap.OpenAsync(node, Alice);
            var remote = imap.LocalEndPoint;
            await UntilAsync(() => sink.Count(remote) >= 1);
            var idleTag = imap.NextTag();
            await imap.SendAsync(idleTag + " IDLE\r\n");
            Assert.StartsWith("+", await imap.ReadLineAsync());

            // The first loss is answered at once: the session registers again (however slow the machine is).
            int before = sink.Count(remote);
            node.Host.Runtime.Mailboxes.Tell(new MailboxEnvelope(Alice, new FailingQuery()));
            int failures = 1;
            await TestNode.WaitUntilAsync(() => sink.Count(remote) > before, Wait);

            // Then, for a bounded interval, the entity fails again as soon as the session has registered with it:
            // each registration costs one restart, so without a growing pause the session would register hundreds
            // of times. (A slow machine only registers fewer times; the bound is on the most.)
            var interval = TimeSpan.FromSeconds(3);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < interval)
            {
                int seen = sink.Count(remote);
                node.Host.Runtime.Mailboxes.Tell(new MailboxEnvelope(Alice, new FailingQuery()));
                failures++;
                try
                {
                    await TestNode.WaitUntilAsync(() => sink.Count(remote) > seen || clock.Elapsed >= interval, Wait);
                }
                catch (TimeoutException)
                {
                    break;
                }
            }

            int registrations = sink.Count(remote) - before;
            // The pause doubles from 200 ms: 0, 0.2, 0.6, 1.4, 3.0 s after the first failure.
            Assert.True(registrations <= 8, $"{registrations} registrations in {interval.TotalSeconds} s: a busy loop");

            // Once the entity stays up, the session registers again after the pause in force (each failure was
            // sent while it was registered, so each costs one registration; the last pause may be several seconds),
            // and live updates resume.
            await TestNode.WaitUntilAsync(() => sink.Count(remote) - before >= failures, TimeSpan.FromSeconds(60));
            await DeliverAsync(node, Alice, Message("two"));
            await UntilLineAsync(imap, "* 2 EXISTS");
            await imap.SendAsync("DONE\r\n");
            Assert.EndsWith("OK IDLE terminated", (await imap.ReadUntilTaggedAsync(idleTag))[^1]);
        }
        finally
        {
            Log.Logger = previous;
        }
    }

    /// <summary>Reads lines until <paramref name="expected"/> (each read bounded by the client's wait).</summary>
    private static async Task UntilLineAsync(RawImap imap, string expected)
    {
        var seen = new List<string>();
        for (int i = 0; i < 50; i++)
        {
            var line = await imap.ReadLineAsync();
            if (line == expected) return;
            seen.Add(line);
        }

        Assert.Fail($"no '{expected}' in:\n" + string.Join("\n", seen));
    }

    /// <summary>Collects the IMAP sessions' "registered with the mailbox entity" events, by client endpoint.</summary>
    private sealed class RegistrationSink : ILogEventSink
    {
        private const string Registered = "IMAP live updates registered with the mailbox entity";
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public void Emit(LogEvent logEvent)
        {
            if (logEvent.MessageTemplate.Text != Registered) return;
            if (logEvent.Properties.TryGetValue("Remote", out var value) && value is ScalarValue { Value: string remote })
            {
                _counts.AddOrUpdate(remote, 1, (_, n) => n + 1);
            }
        }

        public int Count(string remote) => _counts.GetValueOrDefault(remote);
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
