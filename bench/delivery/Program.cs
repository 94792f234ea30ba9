// Outbound drain benchmark: fills the outbound queue in offline mode with N messages of a given size,
// switches the connection online and times until the queue is empty (and the process's CPU time), sending through a smarthost
// (smtp-sink) with the given number of workers. Prints one JSON line. With --warmup N, N messages are
// first sent the same way, untimed except for their own "cold" rate, before the timed round.
// Usage: ActorMail.DeliveryBench --port 2627 --messages 2000 --size 10240 --workers 16 [--warmup 1000]
using System.Diagnostics;
using System.Globalization;
using System.Security.Authentication;
using System.Text;
using ActorMail.Accounts;
using ActorMail.Accounts.Serialization;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Outbound;
using ActorMail.Delivery.Queue;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store.Serialization;
using ActorMail.Storage.Blobs;
using ActorMail.Storage.Persistence;
using Akka.Actor;
using Akka.Configuration;

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int port = int.Parse(Arg("--port", "2627"), CultureInfo.InvariantCulture);
int messages = int.Parse(Arg("--messages", "2000"), CultureInfo.InvariantCulture);
int size = int.Parse(Arg("--size", "10240"), CultureInfo.InvariantCulture);
int workers = int.Parse(Arg("--workers", "1"), CultureInfo.InvariantCulture);
int warmup = int.Parse(Arg("--warmup", "0"), CultureInfo.InvariantCulture);

var folder = Directory.CreateTempSubdirectory("actormail-delivery-bench-").FullName;
try
{
    var cs = $"Data Source={Path.Combine(folder, "actormail.db")}";
    SqliteDatabase.EnsureCreated(cs);
    var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING\nakka.log-dead-letters = off")
        .WithFallback(ConfigurationFactory.ParseString(PersistenceHocon.Build(StoreProvider.Sqlite, cs)))
        .WithFallback(ConfigurationFactory.ParseString(DirectorySerializer.Hocon))
        .WithFallback(ConfigurationFactory.ParseString(MailboxSerializer.Hocon))
        .WithFallback(ConfigurationFactory.ParseString(DeliverySerializer.Hocon))
        .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    using var blobs = SegmentBlobStore.Open(Path.Combine(folder, "blobs"));
    var system = ActorSystem.Create("bench", config);
    var clock = SystemClock.Instance;
    var mailboxes = system.ActorOf(LocalMailboxRouter.Props(clock), "mailboxes");
    var queue = system.ActorOf(OutboundQueueActor.Props(clock), "outbound-queue");
    var ingest = system.ActorOf(IngestLogActor.Props("bench", mailboxes, queue, clock), "ingest");

    var delivery = new DeliverySettings
    {
        Workers = workers, HeloName = "bench.local", Timeout = TimeSpan.FromSeconds(30),
        Smarthost = new ActorMail.Configuration.SmarthostSettings { Host = "127.0.0.1", Port = port, Tls = SmarthostTls.None, Username = null, Password = null },
        ForceSender = null, RecipientsPerMessage = 0,
        Throttle = new ThrottleSettings { Messages = 0, Pause = TimeSpan.FromSeconds(60) },
        Retry = new RetrySettings { First = TimeSpan.FromMinutes(5), Max = TimeSpan.FromHours(4) },
        GiveUpAfter = TimeSpan.FromDays(5), DnsServers = Array.Empty<System.Net.IPEndPoint>(), RemotePort = 25, Dkim = null, Smime = null,
    };
    var options = new OutboundOptions(delivery, SslProtocols.Tls13, MailAddress.Parse("postmaster@bench.local"), "bench.local", ActorMail.Configuration.ConnectionMode.Offline)
    {
        PollInterval = TimeSpan.FromMilliseconds(200),
    };
    var directory = DirectoryState.Empty;
    var coordinator = system.ActorOf(DeliveryCoordinator.Props(options, queue, ingest, blobs, () => directory, clock), "delivery");

    var filler = new StringBuilder();
    while (filler.Length < size) filler.Append("0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789\r\n");

    async Task FillAsync(int count, string tag)
    {
        var pending = new List<Task>();
        for (int i = 0; i < count; i++)
        {
            var body = Encoding.ASCII.GetBytes($"From: <s@bench.local>\r\nTo: <r{i}@sink.example>\r\nSubject: bench {tag} {i}\r\nMessage-ID: <{tag}.{i}@bench.local>\r\n\r\n{filler}");
            var blob = await blobs.PutAsync(body);
            var rcpt = new EnvelopeRecipient(MailAddress.Parse($"r{i}@sink.example"));
            pending.Add(ingest.Ask<IngestAccepted>(new IngestRequest(new MailEnvelope(MailAddress.Parse("s@bench.local"), new[] { rcpt }), blob, Array.Empty<string>(), new[] { rcpt }), TimeSpan.FromMinutes(2)));
            if (pending.Count >= 200) { await Task.WhenAll(pending); pending.Clear(); }
        }
        await Task.WhenAll(pending);
        while (await CountAsync() < count) await Task.Delay(50);
    }

    async Task<int> CountAsync()
    {
        int n = 0;
        string? after = null;
        while (true)
        {
            var page = await queue.Ask<QueuePage>(new ListQueue(after, OutboundQueueActor.MaxPage), TimeSpan.FromMinutes(1));
            n += page.Messages.Count;
            if (!page.More) return n;
            after = page.Messages[^1].Id;
        }
    }

    // Switches online and waits until the queue is empty (polled with a one-entry page, which costs
    // the queue next to nothing); returns the drain time and what is left.
    async Task<(TimeSpan Elapsed, int Left, TimeSpan Cpu)> DrainAsync()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var drain = Stopwatch.StartNew();
        await queue.Ask<QueueReply>(new QueueRequest(new SetConnectionOverride(ActorMail.Delivery.Queue.ConnectionMode.Permanent)), TimeSpan.FromMinutes(1));
        while ((await queue.Ask<QueuePage>(new ListQueue(null, 1), TimeSpan.FromMinutes(1))).Messages.Count > 0)
        {
            if (drain.Elapsed > TimeSpan.FromMinutes(10)) break;
            await Task.Delay(10);
        }
        drain.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        int left = await CountAsync();
        await queue.Ask<QueueReply>(new QueueRequest(new SetConnectionOverride(ActorMail.Delivery.Queue.ConnectionMode.Offline)), TimeSpan.FromMinutes(1));
        return (drain.Elapsed, left, cpu);
    }

    // Warm-up: a first, untimed round brings the send path to its steady state (JIT tiers, pools,
    // open connections), as in a server that has been running; its rate is reported as "cold".
    double cold = 0;
    if (warmup > 0)
    {
        await FillAsync(warmup, "w");
        var (elapsed, _, _) = await DrainAsync();
        cold = warmup / elapsed.TotalSeconds;
    }

    var fill = Stopwatch.StartNew();
    await FillAsync(messages, "m");
    fill.Stop();
    var (drained, left, used) = await DrainAsync();
    Console.WriteLine(FormattableString.Invariant(
        $"{{\"workers\": {workers}, \"messages\": {messages}, \"size\": {size}, \"left\": {left}, \"fill_s\": {fill.Elapsed.TotalSeconds:0.00}, \"drain_s\": {drained.TotalSeconds:0.00}, \"msgs_per_s\": {(messages - left) / drained.TotalSeconds:0.0}, \"cpu_ms_per_msg\": {used.TotalMilliseconds / Math.Max(1, messages - left):0.000}, \"warmup\": {warmup}, \"cold_msgs_per_s\": {cold:0.0}}}"));
    await system.Terminate();
}
finally
{
    Directory.Delete(folder, true);
}
