using ActorMail.Accounts.Routing;
using ActorMail.Core;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorMail.Accounts.DirectoryCommands;
using static ActorMail.Accounts.DirectoryProtocol;
using static ActorMail.Accounts.Tests.Fixtures;

namespace ActorMail.Accounts.Tests;

public class DirectoryActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestTime time = new(T0);

    public DirectoryActorSpec() : base(AkkaConfig.InMemory)
    {
    }

    private IActorRef StartDirectory(int snapshotInterval = DirectoryActor.DefaultSnapshotInterval, MailAddress? postmaster = null) =>
        Sys.ActorOf(DirectoryActor.Props(time, postmaster, snapshotInterval));

    private async Task<T> Ok<T>(IActorRef directory, object message)
    {
        var reply = await directory.Ask<DirectoryReply>(message, RemainingOrDefault);
        var ok = Assert.IsType<DirectoryReply.Ok>(reply);
        return Assert.IsType<T>(ok.Value);
    }

    private async Task Ok(IActorRef directory, object message) =>
        Assert.IsType<DirectoryReply.Ok>(await directory.Ask<DirectoryReply>(message, RemainingOrDefault));

    private async Task StopAsync(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor);
    }

    private async Task Seed(IActorRef directory) =>
        await Ok(directory, new SeedDomains("example.com", ["example.org"]));

    [Fact]
    public async Task DirectoryActor_should_persist_commands_and_answer_queries()
    {
        var directory = StartDirectory();
        await Seed(directory);
        var info = await Ok<AccountInfo>(directory, new AddUser(A("Alice@example.com"), "Alice", SecretHash));
        Assert.Equal("alice@example.com", info.Key);
        Assert.Equal(T0, info.Created);
        await Ok(directory, new Execute(new AddAlias(A("team@example.org"), A("alice@example.com"))));

        var fetched = await Ok<AccountInfo>(directory, new GetAccount(A("ALICE@example.com")));
        Assert.Equal("Alice", fetched.DisplayName);
        Assert.Equal(new[] { A("team@example.org") }, fetched.Aliases);

        var domains = await Ok<DomainList>(directory, new ListDomains());
        Assert.Equal("example.com", domains.Primary);
        Assert.Equal(new[] { "example.com", "example.org" }, domains.Domains);

        var aliases = await Ok<AliasPage>(directory, new ListAliases());
        Assert.Equal("team@example.org", Assert.Single(aliases.Items).Key);
    }

    [Fact]
    public async Task DirectoryActor_should_reply_failed_for_refused_commands_and_missing_accounts()
    {
        var directory = StartDirectory();
        await Seed(directory);
        var refused = await directory.Ask<DirectoryReply>(new AddUser(A("x@remote.test"), "", SecretHash), RemainingOrDefault);
        Assert.Equal(DirectoryErrorKind.NotLocalDomain, Assert.IsType<DirectoryReply.Failed>(refused).Error.Kind);
        var missing = await directory.Ask<DirectoryReply>(new GetAccount(A("nobody@example.com")), RemainingOrDefault);
        Assert.Equal(DirectoryErrorKind.NotFound, Assert.IsType<DirectoryReply.Failed>(missing).Error.Kind);
        var configured = await directory.Ask<DirectoryReply>(
            new RemoveDomain("example.org", new ConfiguredDomains("example.com", ["example.org"])), RemainingOrDefault);
        Assert.Equal(ConfiguredDomains.AdditionalKey, Assert.IsType<DirectoryReply.Failed>(configured).Error.SettingsKey);
    }

    [Fact]
    public async Task DirectoryActor_should_answer_commands_sent_in_a_burst_in_order()
    {
        var directory = StartDirectory();
        directory.Tell(new SeedDomains("example.com", []));
        for (int i = 0; i < 40; i++)
        {
            directory.Tell(new AddUser(A($"u{i}@example.com"), $"U{i}", SecretHash));
            if (i % 10 == 5) directory.Tell(new AddUser(A($"u{i}@example.com"), "again", SecretHash));
        }
        Assert.IsType<DirectoryReply.Ok>(await ExpectMsgAsync<DirectoryReply>());
        for (int i = 0; i < 40; i++)
        {
            var ok = Assert.IsType<DirectoryReply.Ok>(await ExpectMsgAsync<DirectoryReply>());
            Assert.Equal($"u{i}@example.com", Assert.IsType<AccountInfo>(ok.Value).Key);
            if (i % 10 == 5)
                Assert.Equal(DirectoryErrorKind.AlreadyExists, Assert.IsType<DirectoryReply.Failed>(await ExpectMsgAsync<DirectoryReply>()).Error.Kind);
        }
        var state = await directory.Ask<DirectoryState>(new GetSnapshot(), RemainingOrDefault);
        Assert.Equal(40, state.Accounts.Count);
        Assert.Equal(42, state.Revision);
    }

    [Fact]
    public async Task DirectoryActor_should_recover_its_state_after_a_restart()
    {
        var directory = StartDirectory();
        await Seed(directory);
        await Ok(directory, new AddUser(A("a@example.com"), "A", SecretHash));
        await Ok(directory, new SetUser(A("a@example.com"), Forward: [A("far@remote.test")], KeepCopy: true));
        await Ok(directory, new AddAlias(A("info@example.org"), A("a@example.com")));
        var before = await directory.Ask<DirectoryState>(new GetSnapshot(), RemainingOrDefault);
        await StopAsync(directory);

        var revived = StartDirectory();
        var after = await revived.Ask<DirectoryState>(new GetSnapshot(), RemainingOrDefault);
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(Json.Of(before), Json.Of(after));
        await Ok(revived, new RemoveUser(A("a@example.com")));
    }

    [Fact]
    public async Task DirectoryActor_should_save_snapshots_and_recover_from_them()
    {
        var directory = StartDirectory(snapshotInterval: 3);
        await Seed(directory);
        for (int i = 0; i < 5; i++) await Ok(directory, new AddUser(A($"u{i}@example.com"), "", SecretHash));
        var before = await directory.Ask<DirectoryState>(new GetSnapshot(), RemainingOrDefault);

        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        await AwaitAssertAsync(async () =>
        {
            var loaded = await store.Ask<LoadSnapshotResult>(
                new LoadSnapshot(DirectoryActor.Id, SnapshotSelectionCriteria.Latest, long.MaxValue), RemainingOrDefault);
            Assert.NotNull(loaded.Snapshot);
            Assert.IsType<DirectoryState>(loaded.Snapshot.Snapshot);
            Assert.True(loaded.Snapshot.Metadata.SequenceNr >= 6, $"snapshot at {loaded.Snapshot.Metadata.SequenceNr}");
        });
        await StopAsync(directory);

        var revived = StartDirectory(snapshotInterval: 3);
        var after = await revived.Ask<DirectoryState>(new GetSnapshot(), RemainingOrDefault);
        Assert.Equal(Json.Of(before), Json.Of(after));
    }

    [Fact]
    public async Task DirectoryActor_should_page_account_lists()
    {
        var directory = StartDirectory();
        await Seed(directory);
        for (int i = 0; i < 7; i++) await Ok(directory, new AddUser(A($"u{i}@example.com"), "", SecretHash));
        var keys = new List<string>();
        string? after = null;
        int pages = 0;
        do
        {
            var page = await Ok<AccountPage>(directory, new ListAccounts(after, 3));
            keys.AddRange(page.Items.Select(a => a.Key));
            after = page.NextAfterKey;
            pages++;
        }
        while (after is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"u{i}@example.com"), keys);
        var capped = await Ok<AccountPage>(directory, new ListAccounts(null, 100_000));
        Assert.Equal(7, capped.Items.Length);
    }

    [Fact]
    public async Task DirectoryActor_should_resolve_recipients_with_the_configured_postmaster()
    {
        var directory = StartDirectory(postmaster: A("admin@example.com"));
        await Seed(directory);
        await Ok(directory, new AddUser(A("admin@example.com"), "", SecretHash));
        var routed = await directory.Ask<RouteResult>(new Resolve(A("postmaster@EXAMPLE.org")), RemainingOrDefault);
        Assert.Equal(new LocalTarget("admin@example.com"), Assert.Single(Assert.IsType<RouteResult.Accepted>(routed).Targets));
        var unknown = await directory.Ask<RouteResult>(new Resolve(A("nobody@example.org")), RemainingOrDefault);
        Assert.Equal(RouteRejection.UnknownLocalUser, Assert.IsType<RouteResult.Rejected>(unknown).Reason);
    }

    [Fact]
    public async Task DirectoryActor_should_hand_out_immutable_snapshots()
    {
        var directory = StartDirectory();
        await Seed(directory);
        var early = await directory.Ask<DirectoryState>(new GetSnapshot(), RemainingOrDefault);
        await Ok(directory, new AddUser(A("a@example.com"), "", SecretHash));
        Assert.Empty(early.Accounts);
        var late = await directory.Ask<DirectoryState>(new GetSnapshot(), RemainingOrDefault);
        Assert.Single(late.Accounts);
    }

    [Fact]
    public async Task DirectoryActor_should_publish_changes_to_subscribers_and_drop_terminated_ones()
    {
        var directory = StartDirectory();
        await Seed(directory);
        var subscriber = CreateTestProbe();
        directory.Tell(new SubscribeDirectory(), subscriber.Ref);
        Assert.Equal(2, (await subscriber.ExpectMsgAsync<DirectoryChanged>()).State.Domains.Count);

        await Ok(directory, new AddUser(A("a@example.com"), "", SecretHash));
        var changed = await subscriber.ExpectMsgAsync<DirectoryChanged>();
        Assert.True(changed.State.Accounts.ContainsKey("a@example.com"));

        var doomed = CreateTestProbe();
        directory.Tell(new SubscribeDirectory(doomed.Ref));
        await doomed.ExpectMsgAsync<DirectoryChanged>();
        await StopAsync(doomed.Ref);

        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        int n = 0;
        await AwaitAssertAsync(async () =>
        {
            await Ok(directory, new SetUser(A("a@example.com"), DisplayName: $"name {n++}"));
            await subscriber.ExpectMsgAsync<DirectoryChanged>();
            var letters = await deadLetters.ReceiveWhileAsync(TimeSpan.FromMilliseconds(200), o => o).ToListAsync();
            Assert.DoesNotContain(letters, l => l is DeadLetter { Message: DirectoryChanged });
        }, TimeSpan.FromSeconds(5));

        directory.Tell(new UnsubscribeDirectory(), subscriber.Ref);
        await Ok(directory, new SetUser(A("a@example.com"), DisplayName: "final"));
        await subscriber.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }
}
