using System.Globalization;
using System.Text;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Host.Node;
using ActorMail.Host.Tests.Support;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Storage.Persistence;
using ActorMail.TestSupport;
using Akka.Actor;

namespace ActorMail.Host.Tests;

/// <summary>Tests marked <c>[Collection("postgres")]</c> share one throwaway PostgreSQL server.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>
/// A mailbox changed through a <see cref="NodeRuntime"/> (deliveries, the ingest log, append, flags, copy,
/// move, expunge, folders) reads back the same after the runtime is disposed and started again on the
/// same database: every folder's status and every message page.
/// </summary>
internal static class MailboxRecoveryScenario
{
    public const string Account = "recover@localhost";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Date = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(RuntimeMode mode, string dataDir, StoreProvider provider, string connectionString)
    {
        string before;
        await using (var first = await StartAsync(mode, dataDir, provider, connectionString))
        {
            await ChangeAsync(first);
            before = await PictureAsync(first);
        }

        await using var second = await StartAsync(mode, dataDir, provider, connectionString);
        var after = await PictureAsync(second);
        Assert.Equal(before, after);

        // The recovered entity goes on from where it was: UIDs are never reused, delivery ids stay known.
        var blob = await second.Blobs.PutAsync(Body("after restart"));
        var delivered = Assert.IsType<Delivered>(await AskAsync(second, new DeliverMessage("direct-5", blob, blob.Length, Date)));
        Assert.Equal(5u, delivered.Uid);
        Assert.IsType<DuplicateDelivery>(await AskAsync(second, new DeliverMessage("direct-1", blob, blob.Length, Date)));
    }

    private static Task<NodeRuntime> StartAsync(RuntimeMode mode, string dataDir, StoreProvider provider, string connectionString) =>
        NodeRuntime.StartAsync(mode, dataDir, provider, connectionString, "127.0.0.1", 0, SystemClock.Instance, CancellationToken.None);

    private static async Task ChangeAsync(NodeRuntime runtime)
    {
        var blobs = new List<BlobRef>();
        for (int i = 1; i <= 4; i++) blobs.Add(await runtime.Blobs.PutAsync(Body($"message {i}")));

        for (int i = 1; i <= 3; i++)
        {
            var d = Assert.IsType<Delivered>(await AskAsync(runtime, new DeliverMessage($"direct-{i}", blobs[i - 1], blobs[i - 1].Length, Date.AddMinutes(i))));
            Assert.Equal((uint)i, d.Uid);
        }
        Assert.IsType<DuplicateDelivery>(await AskAsync(runtime, new DeliverMessage("direct-1", blobs[0], blobs[0].Length, Date)));

        // The fourth arrives through the ingest log, as the SMTP server and the CLI deliver.
        var envelope = new MailEnvelope(MailAddress.Parse("sender@remote.example"), [new EnvelopeRecipient(MailAddress.Parse(Account))]);
        var ingest = await runtime.Ingest.Ask(new IngestRequest(envelope, blobs[3], [Account], []), AskTimeout);
        Assert.IsType<IngestAccepted>(ingest);
        var inbox = await Eventually.ValueAsync(() => StatusAsync(runtime, MailboxState.Inbox), s => s.Messages == 4, TimeSpan.FromSeconds(30));
        Assert.Equal(4, inbox.Messages);

        Assert.IsType<FolderCreated>(await AskAsync(runtime, new CreateFolder("Projects/2026")));
        Assert.IsType<Appended>(await AskAsync(runtime, new AppendMessage("Projects/2026", blobs[1], blobs[1].Length,
            MessageFlags.Seen | MessageFlags.Flagged, ["$Important"], Date)));
        Assert.IsType<FlagsStored>(await AskAsync(runtime, new StoreFlags(MailboxState.Inbox, UidSet.Single(1), StoreMode.Add, MessageFlags.Seen | MessageFlags.Answered, ["$Label1"])));
        Assert.IsType<FlagsStored>(await AskAsync(runtime, new StoreFlags(MailboxState.Inbox, UidSet.FromUids([2, 3]), StoreMode.Add, MessageFlags.Deleted, [])));
        Assert.IsType<Copied>(await AskAsync(runtime, new CopyMessages(MailboxState.Inbox, UidSet.Single(1), "Trash")));
        Assert.IsType<Moved>(await AskAsync(runtime, new MoveMessages(MailboxState.Inbox, UidSet.Single(4), "Projects/2026")));
        var expunged = Assert.IsType<Expunged>(await AskAsync(runtime, new ExpungeMessages(MailboxState.Inbox)));
        Assert.Equal([2u, 3u], expunged.Uids);
        Assert.IsType<SubscriptionChanged>(await AskAsync(runtime, new SetSubscription("Junk", false)));

        Assert.Equal(1, (await StatusAsync(runtime, MailboxState.Inbox)).Messages);
        Assert.Equal(2, (await StatusAsync(runtime, "Projects/2026")).Messages);
        Assert.Equal(1, (await StatusAsync(runtime, "Trash")).Messages);
    }

    /// <summary>Folders, their status, every message and the expunged UIDs, as text.</summary>
    private static async Task<string> PictureAsync(NodeRuntime runtime)
    {
        var text = new StringBuilder();
        var list = Assert.IsType<FolderList>(await QueryAsync(runtime, new ListFoldersQuery()));
        text.AppendLine("subscriptions: " + string.Join(", ", list.Subscriptions));
        foreach (var f in list.Folders)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{f}");
            if (f.NoSelect) continue;
            text.AppendLine(CultureInfo.InvariantCulture, $"  {await StatusAsync(runtime, f.Name)}");
            var page = Assert.IsType<MessagePage>(await QueryAsync(runtime, new MessagePageQuery(f.Name, 1, uint.MaxValue)));
            foreach (var m in page.Messages)
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  uid {m.Uid} blob {m.Blob} size {m.Size} flags {m.Flags} keywords [{string.Join(' ', m.Keywords)}] date {m.InternalDate:O} modseq {m.ModSeq}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  expunged {await QueryAsync(runtime, new ExpungedSinceQuery(f.Name, 0))}");
        }
        return text.ToString();
    }

    private static async Task<FolderStatus> StatusAsync(NodeRuntime runtime, string folder) =>
        Assert.IsType<FolderStatus>(await QueryAsync(runtime, new FolderStatusQuery(folder)));

    private static Task<object> AskAsync(NodeRuntime runtime, MailboxCommand command) => SendAsync(runtime, command);

    private static Task<object> QueryAsync(NodeRuntime runtime, MailboxQuery query) => SendAsync(runtime, query);

    private static async Task<object> SendAsync(NodeRuntime runtime, object message)
    {
        var response = await runtime.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(Account, message), AskTimeout);
        Assert.Equal(Account, response.Account);
        return response.Result;
    }

    private static byte[] Body(string subject) =>
        Encoding.UTF8.GetBytes($"From: <sender@remote.example>\r\nTo: <{Account}>\r\nSubject: {subject}\r\n\r\nBody of {subject}.\r\n");
}

/// <summary>Mailbox recovery on PostgreSQL (a throwaway server), with the tool runtime.</summary>
[Collection("postgres")]
public sealed class PostgresMailboxRecoveryTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("actormail-recovery-pg-").FullName;

    [Fact]
    public async Task Mailbox_recovers_its_folders_and_messages_on_postgresql()
    {
        var connectionString = await postgres.NewDatabaseAsync("mailbox_recovery");
        await MailboxRecoveryScenario.RunAsync(RuntimeMode.Tool, _data, StoreProvider.PostgreSql, connectionString);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}

/// <summary>Mailbox recovery on SQLite with the node runtime: mailbox entities behind Cluster.Sharding in a one-node cluster.</summary>
public sealed class ShardedMailboxRecoveryTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("actormail-recovery-sharded-").FullName;

    [Fact]
    public async Task Sharded_mailbox_recovers_its_folders_and_messages_on_sqlite()
    {
        var connectionString = $"Data Source={Path.Combine(_data, "actormail.db")}";
        await MailboxRecoveryScenario.RunAsync(RuntimeMode.Node, _data, StoreProvider.Sqlite, connectionString);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
