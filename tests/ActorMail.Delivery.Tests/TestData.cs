using System.Security.Cryptography;
using System.Text;
using ActorMail.Core;
using ActorMail.Delivery.Queue;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;

namespace ActorMail.Delivery.Tests;

/// <summary>A clock that moves only when a test sets it.</summary>
internal sealed class ManualClock(DateTimeOffset start) : IClock
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public DateTimeOffset Now
    {
        get { lock (_gate) return _now; }
        set { lock (_gate) _now = value; }
    }
}

/// <summary>Envelopes, blob references and asks shared by the delivery specs.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2026, 7, 8, 9, 10, 11, TimeSpan.Zero);

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static MailAddress A(string text) => MailAddress.Parse(text);

    public static BlobRef Blob(string seed) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed))), 1000 + seed.Length);

    /// <summary>A queue entry for the given remote recipients.</summary>
    public static QueuedMessage Entry(string id, string blobSeed, params string[] recipients) =>
        QueueLogic.NewEntry(id,
            new MailEnvelope(A("sender@local.test"), recipients.Select(r => new EnvelopeRecipient(A(r))).ToList()),
            Blob(blobSeed),
            recipients.Select(r => new EnvelopeRecipient(A(r), DsnNotify.Failure | DsnNotify.Delay, "rfc822;" + r)),
            T0);

    public static async Task<object> AskMailboxAsync(this IActorRef mailboxes, string account, object message)
    {
        var response = await mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, message), Patience);
        Assert.Equal(account, response.Account);
        return response.Result;
    }

    /// <summary>The messages of one folder (empty when the mailbox does not exist yet).</summary>
    public static async Task<IReadOnlyList<MessageEntry>> InboxAsync(this IActorRef mailboxes, string account) =>
        await mailboxes.AskMailboxAsync(account, new MessagePageQuery("INBOX", 1, uint.MaxValue)) switch
        {
            MessagePage page => page.Messages,
            MailboxDecision.Failure { Code: MailboxError.NoSuchFolder } => [],
            var other => throw new InvalidOperationException($"unexpected answer {other}"),
        };

    public static async Task<QueueReply> AskQueueAsync(this IActorRef queue, QueueCommand command, long correlation = 0)
    {
        var reply = await queue.Ask<QueueReply>(new QueueRequest(command, correlation), Patience);
        Assert.Equal(correlation, reply.Correlation);
        return reply;
    }

    /// <summary>Every queued message, page by page.</summary>
    public static async Task<List<QueuedMessage>> ListAllAsync(this IActorRef queue, int pageSize = OutboundQueueActor.MaxPage)
    {
        var all = new List<QueuedMessage>();
        string? after = null;
        while (true)
        {
            var page = await queue.Ask<QueuePage>(new ListQueue(after, pageSize), Patience);
            all.AddRange(page.Messages);
            if (!page.More) return all;
            after = page.Messages[^1].Id;
        }
    }

    /// <summary>One line with every field of a queued message and of each of its recipients.</summary>
    public static string Describe(QueuedMessage m) =>
        (m with { Recipients = [] }) + " | " + string.Join(" | ", m.Recipients);
}
