// Outbound drain benchmark: fills the outbound queue in offline mode with N messages of a given size,
// switches the connection online and times until the queue is empty, sending through a smarthost
// (smtp-sink) with the given number of workers. Prints one JSON line.
// Usage: ActorMail.DeliveryBench --port 2627 --messages 2000 --size 10240 --workers 16
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
    var fill = Stopwatch.StartNew();
    var pending = new List<Task>();
    for (int i = 0; i < messages; i++)
    {
        var body = Encoding.ASCII.GetBytes($"From: <s@bench.local>\r\nTo: <r{i}@sink.example>\r\nSubject: bench {i}\r\nMessage-ID: <{i}@bench.local>\r\n\r\n{filler}");
        var blob = await blobs.PutAsync(body);
        var rcpt = new EnvelopeRecipient(MailAddress.Parse($"r{i}@sink.example"));
        pending.Add(ingest.Ask<IngestAccepted>(new IngestRequest(new MailEnvelope(MailAddress.Parse("s@bench.local"), new[] { rcpt }), blob, Array.Empty<string>(), new[] { rcpt }), TimeSpan.FromMinutes(2)));
        if (pending.Count >= 200) { await Task.WhenAll(pending); pending.Clear(); }
    }
    await Task.WhenAll(pending);
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
    while (await CountAsync() < messages) await Task.Delay(50);
    fill.Stop();

    var drain = Stopwatch.StartNew();
    await queue.Ask<QueueReply>(new QueueRequest(new SetConnectionOverride(ActorMail.Delivery.Queue.ConnectionMode.Permanent)), TimeSpan.FromMinutes(1));
    int left;
    while ((left = await CountAsync()) > 0)
    {
        if (drain.Elapsed > TimeSpan.FromMinutes(10)) break;
        await Task.Delay(20);
    }
    drain.Stop();
    Console.WriteLine(FormattableString.Invariant(
        $"{{\"workers\": {workers}, \"messages\": {messages}, \"size\": {size}, \"left\": {left}, \"fill_s\": {fill.Elapsed.TotalSeconds:0.00}, \"drain_s\": {drain.Elapsed.TotalSeconds:0.00}, \"msgs_per_s\": {(messages - left) / drain.Elapsed.TotalSeconds:0.0}}}"));
    await system.Terminate();
}
finally
{
    Directory.Delete(folder, true);
}
