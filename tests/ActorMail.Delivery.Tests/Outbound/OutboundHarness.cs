using System.Collections.Immutable;
using System.Net;
using System.Security.Authentication;
using System.Text;
using ActorMail.Accounts;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Outbound;
using ActorMail.Delivery.Queue;
using ActorMail.Mailboxes.Actors;
using ActorMail.Storage.Blobs;
using Akka.Actor;
using MimeKit;

namespace ActorMail.Delivery.Tests.Outbound;

/// <summary>
/// A node's delivery path on real parts: SQLite journal, blob store in a temp folder, mailboxes,
/// outbound queue, ingest log and the delivery coordinator with its workers, on the system clock.
/// </summary>
internal sealed class OutboundHarness : IAsyncDisposable
{
    public const string LocalDomain = "local.test";
    private readonly SqliteNode _node;
    private int _systems;

    public OutboundHarness(SqliteNode? node = null)
    {
        _node = node ?? new SqliteNode();
        Blobs = SegmentBlobStore.Open(Path.Combine(_node.Folder, "blobs"));
    }

    public SegmentBlobStore Blobs { get; }
    public ActorSystem System { get; private set; } = null!;
    public IActorRef Queue { get; private set; } = ActorRefs.Nobody;
    public IActorRef Ingest { get; private set; } = ActorRefs.Nobody;
    public IActorRef Mailboxes { get; private set; } = ActorRefs.Nobody;
    public IActorRef Coordinator { get; private set; } = ActorRefs.Nobody;

    /// <summary>The directory the coordinator sees (local domain, accounts with their smarthosts).</summary>
    public DirectoryState Directory { get; set; } = DirectoryWith();

    public static DirectoryState DirectoryWith(params Account[] accounts)
    {
        var s = DirectoryState.Empty with
        {
            PrimaryDomain = LocalDomain,
            Domains = DirectoryState.Empty.Domains.Add(LocalDomain),
        };
        foreach (var a in accounts) s = s with { Accounts = s.Accounts.Add(a.Key, a) };
        return s;
    }

    public static Account Account(string address, Accounts.SmarthostSettings? smarthost = null) =>
        Accounts.Account.Create(MailAddress.Parse(address), address, "x", DateTimeOffset.UtcNow) with { Smarthost = smarthost };

    public static DeliverySettings Settings(int remotePort, IPEndPoint? dns) => new()
    {
        Workers = 2,
        HeloName = "mx.local.test",
        Timeout = TimeSpan.FromSeconds(3),
        Smarthost = null,
        ForceSender = null,
        RecipientsPerMessage = 0,
        Throttle = new ThrottleSettings { Messages = 0, Pause = TimeSpan.FromSeconds(60) },
        Retry = new RetrySettings { First = TimeSpan.FromMilliseconds(300), Max = TimeSpan.FromSeconds(1) },
        GiveUpAfter = TimeSpan.FromDays(5),
        DnsServers = dns is null ? Array.Empty<IPEndPoint>() : new[] { dns },
        RemotePort = remotePort,
        Dkim = null,
        Smime = null,
    };

    public static OutboundOptions Options(DeliverySettings delivery, Configuration.ConnectionMode connection = Configuration.ConnectionMode.Permanent) =>
        new(delivery, SslProtocols.Tls13, MailAddress.Parse("postmaster@" + LocalDomain), LocalDomain, connection)
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
        };

    /// <summary>Starts (or restarts on the same journal) the actors; the coordinator only when options are given.</summary>
    public async Task StartAsync(OutboundOptions? options)
    {
        if (System is not null) System = await _node.RestartAsync(System, "outbound-" + ++_systems);
        else System = _node.Start("outbound-" + ++_systems);
        var clock = SystemClock.Instance;
        Mailboxes = System.ActorOf(LocalMailboxRouter.Props(clock), "mailboxes");
        Queue = System.ActorOf(OutboundQueueActor.Props(clock), "outbound-queue");
        Ingest = System.ActorOf(IngestLogActor.Props("node1", Mailboxes, Queue, clock), "ingest");
        if (options is not null)
            Coordinator = System.ActorOf(DeliveryCoordinator.Props(options, Queue, Ingest, Blobs, () => Directory, clock), "delivery");
    }

    public static string Message(string from, string to, string subject, int bodyBytes = 200)
    {
        var sb = new StringBuilder();
        sb.Append($"From: Sender <{from}>\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Wed, 08 Jul 2026 09:10:11 +0000\r\nMessage-ID: <{Guid.NewGuid():N}@local.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        int start = sb.Length;
        do sb.Append("The quick brown fox jumps over the lazy dog.\r\n");
        while (sb.Length - start < bodyBytes);
        return sb.ToString();
    }

    /// <summary>Accepts a message for remote recipients through the ingest log (as the SMTP server does); returns the queue id.</summary>
    public async Task<string> SubmitAsync(string? from, IReadOnlyList<EnvelopeRecipient> to, string? body = null, DsnReturn ret = DsnReturn.Default,
        string? envid = null, string? authUser = null, string subject = "test")
    {
        body ??= Message(from ?? "mailer-daemon@" + LocalDomain, string.Join(", ", to.Select(t => t.Address)), subject);
        var blob = await Blobs.PutAsync(Encoding.UTF8.GetBytes(body));
        var envelope = new MailEnvelope(from is null ? null : MailAddress.Parse(from), to, ret, envid, authUser);
        var reply = await Ingest.Ask<IngestAccepted>(new IngestRequest(envelope, blob, Array.Empty<string>(), to), TestData.Patience);
        return reply.Id;
    }

    public Task<string> SubmitAsync(string from, params string[] to) =>
        SubmitAsync(from, to.Select(t => new EnvelopeRecipient(MailAddress.Parse(t))).ToList());

    public async Task<List<QueuedMessage>> QueuedAsync() => await Queue.ListAllAsync();

    /// <summary>Polls <paramref name="condition"/> until true or the patience runs out.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestData.Patience);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met: " + what);
            await Task.Delay(25);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    public async Task<List<MimeMessage>> InboxMessagesAsync(string account)
    {
        var entries = await Mailboxes.InboxAsync(account);
        var list = new List<MimeMessage>();
        foreach (var e in entries)
        {
            await using var s = Blobs.OpenRead(e.Blob);
            list.Add(await MimeMessage.LoadAsync(s));
        }
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        if (System is not null) await System.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
        Blobs.Dispose();
        _node.Dispose();
    }
}
