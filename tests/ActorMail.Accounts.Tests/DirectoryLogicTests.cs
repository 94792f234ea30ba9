using ActorMail.Accounts.Events;
using static ActorMail.Accounts.DirectoryCommands;
using static ActorMail.Accounts.Tests.Fixtures;

namespace ActorMail.Accounts.Tests;

public class DirectoryLogicTests
{
    private static readonly ConfiguredDomains Configured = new("example.com", ["example.org"]);

    private static DirectoryError Refused(DirectoryState state, IDirectoryCommand command)
    {
        var d = DirectoryLogic.Decide(state, command, T0);
        Assert.False(d.IsAccepted);
        Assert.Empty(d.Events);
        return d.Error!;
    }

    private static IDirectoryEvent[] Events(DirectoryState state, IDirectoryCommand command)
    {
        var d = DirectoryLogic.Decide(state, command, T0);
        Assert.True(d.IsAccepted, d.Error?.ToString());
        return [.. d.Events];
    }

    [Fact]
    public void SeedDomains_adds_missing_domains_and_sets_primary()
    {
        var events = Events(DirectoryState.Empty, new SeedDomains("Example.COM.", ["example.org", "EXAMPLE.org"]));
        Assert.Equal<IDirectoryEvent>(
            [new DomainAdded("example.com"), new DomainAdded("example.org"), new PrimaryDomainChanged("example.com")], events);
        var state = Run(DirectoryState.Empty, new SeedDomains("example.com", ["example.org"]));
        Assert.Equal("example.com", state.PrimaryDomain);
        Assert.Equal(["example.com", "example.org"], state.Domains);
    }

    [Fact]
    public void SeedDomains_is_idempotent_and_emits_only_changes()
    {
        var state = Domains();
        Assert.Empty(Events(state, new SeedDomains("example.com", ["example.org", "example.net"])));
        Assert.Equal<IDirectoryEvent>([new PrimaryDomainChanged("example.org")], Events(state, new SeedDomains("example.org", ["example.com"])));
        Assert.Equal<IDirectoryEvent>([new DomainAdded("new.test")], Events(state, new SeedDomains("example.com", ["new.test"])));
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new SeedDomains("bad domain", [])).Kind);
    }

    [Fact]
    public void AddDomain_normalizes_and_refuses_duplicates_and_garbage()
    {
        var state = Domains();
        Assert.Equal<IDirectoryEvent>([new DomainAdded("other.test")], Events(state, new AddDomain("Other.Test")));
        Assert.Equal(DirectoryErrorKind.AlreadyExists, Refused(state, new AddDomain("EXAMPLE.org")).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new AddDomain("-x-.test")).Kind);
    }

    [Fact]
    public void RemoveDomain_refuses_configured_domains_naming_the_key()
    {
        var state = Domains();
        var primary = Refused(state, new RemoveDomain("example.com", Configured));
        Assert.Equal(DirectoryErrorKind.DomainInUse, primary.Kind);
        Assert.Equal("actormail.domains.primary", primary.SettingsKey);
        Assert.Contains("actormail.domains.primary", primary.Message);
        var additional = Refused(state, new RemoveDomain("Example.Org", Configured));
        Assert.Equal("actormail.domains.additional", additional.SettingsKey);
    }

    [Fact]
    public void RemoveDomain_refuses_domains_in_use_and_unknown_ones()
    {
        var state = Run(Domains(), new AddUser(A("u@example.net"), "u", SecretHash));
        Assert.Equal(DirectoryErrorKind.DomainInUse, Refused(state, new RemoveDomain("example.net", Configured)).Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, Refused(state, new RemoveDomain("nowhere.test", Configured)).Kind);

        var withAlias = Run(Domains(), new AddAlias(A("list@example.net"), A("x@remote.test")));
        Assert.Equal(DirectoryErrorKind.DomainInUse, Refused(withAlias, new RemoveDomain("example.net", Configured)).Kind);

        var freed = Run(withAlias, new RemoveAlias(A("list@example.net"), A("x@remote.test")), new RemoveDomain("example.net", Configured));
        Assert.False(freed.IsLocalDomain("example.net"));
    }

    [Fact]
    public void AddUser_creates_an_active_account_on_a_local_domain()
    {
        var state = Run(Domains(), new AddUser(A("Alice@Example.ORG"), "  Alice  ", SecretHash));
        var account = Assert.Single(state.Accounts.Values);
        Assert.Equal("alice@example.org", account.Key);
        Assert.Equal("Alice", account.DisplayName);
        Assert.True(account.Active);
        Assert.Equal(SecretHash, account.PasswordHash);
        Assert.Equal(T0, account.Created);
        Assert.Empty(account.Forward);
        Assert.Null(account.Smarthost);
    }

    [Fact]
    public void AddUser_refusals()
    {
        var state = Run(WithUsers("a@example.com"), new AddAlias(A("list@example.com"), A("a@example.com")));
        Assert.Equal(DirectoryErrorKind.NotLocalDomain, Refused(state, new AddUser(A("x@remote.test"), "", SecretHash)).Kind);
        Assert.Equal(DirectoryErrorKind.AlreadyExists, Refused(state, new AddUser(A("A@EXAMPLE.COM"), "", SecretHash)).Kind);
        Assert.Equal(DirectoryErrorKind.AlreadyExists, Refused(state, new AddUser(A("List@example.com"), "", SecretHash)).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new AddUser(A("b@example.com"), "", "plaintext")).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new AddUser(A("b@example.com"), "a\nb", SecretHash)).Kind);
    }

    [Fact]
    public void SetUser_changes_only_given_settings()
    {
        var state = WithUsers("a@example.com");
        state = Run(state, new SetUser(A("a@example.com"), Forward: [A("x@remote.test"), A("X@remote.test")], KeepCopy: true,
            Smarthost: new SmarthostSettings("relay.test", 587, "u", "p"), SmsNumber: "+41 79 123", Properties: new Dictionary<string, string?> { ["autoreply"] = "on" }));
        var a = state.Accounts["a@example.com"];
        Assert.Equal("a", a.DisplayName);
        Assert.True(a.Active);
        Assert.Equal(new[] { A("x@remote.test") }, a.Forward);
        Assert.True(a.KeepCopy);
        Assert.Equal(new SmarthostSettings("relay.test", 587, "u", "p"), a.Smarthost);
        Assert.Equal("+41 79 123", a.SmsNumber);
        Assert.Equal("on", a.Properties["autoreply"]);

        state = Run(state, new SetUser(A("A@example.com"), DisplayName: "Ann", Active: false, Forward: [], ClearSmarthost: true, SmsNumber: "",
            Properties: new Dictionary<string, string?> { ["autoreply"] = null }));
        a = state.Accounts["a@example.com"];
        Assert.Equal("Ann", a.DisplayName);
        Assert.False(a.Active);
        Assert.Empty(a.Forward);
        Assert.True(a.KeepCopy);
        Assert.Null(a.Smarthost);
        Assert.Null(a.SmsNumber);
        Assert.Empty(a.Properties);
    }

    [Fact]
    public void SetUser_without_change_emits_nothing()
    {
        var state = WithUsers("a@example.com");
        Assert.Empty(Events(state, new SetUser(A("a@example.com"), DisplayName: "a", Active: true)));
        Assert.Single(Events(state, new SetUser(A("a@example.com"), Active: false)));
    }

    [Fact]
    public void SetUser_refusals()
    {
        var state = WithUsers("a@example.com");
        Assert.Equal(DirectoryErrorKind.NotFound, Refused(state, new SetUser(A("b@example.com"), Active: false)).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new SetUser(A("a@example.com"), Forward: [A("A@Example.com")])).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new SetUser(A("a@example.com"), Smarthost: new SmarthostSettings("relay.test", 0))).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new SetUser(A("a@example.com"), Smarthost: new SmarthostSettings("", 25))).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new SetUser(A("a@example.com"), SmsNumber: "call me")).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new SetUser(A("a@example.com"), Properties: new Dictionary<string, string?> { [""] = "x" })).Kind);
    }

    [Fact]
    public void SetPassword_replaces_the_hash()
    {
        var state = WithUsers("a@example.com");
        var other = FastHasher.Hash("other");
        state = Run(state, new SetPassword(A("a@example.com"), other));
        Assert.Equal(other, state.Accounts["a@example.com"].PasswordHash);
        Assert.Empty(Events(state, new SetPassword(A("a@example.com"), other)));
        Assert.Equal(DirectoryErrorKind.NotFound, Refused(state, new SetPassword(A("b@example.com"), other)).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new SetPassword(A("a@example.com"), "$argon2id$garbage")).Kind);
    }

    [Fact]
    public void RemoveUser_removes_the_account_and_alias_targets_pointing_at_it()
    {
        var state = Run(WithUsers("a@example.com", "b@example.com"),
            new AddAlias(A("team@example.com"), A("a@example.com")),
            new AddAlias(A("team@example.com"), A("b@example.com")),
            new AddAlias(A("solo@example.com"), A("A@example.com")));
        state = Run(state, new RemoveUser(A("A@EXAMPLE.COM")));
        Assert.False(state.Accounts.ContainsKey("a@example.com"));
        Assert.Equal(new[] { A("b@example.com") }, state.Aliases["team@example.com"].Targets);
        Assert.False(state.Aliases.ContainsKey("solo@example.com"));
        Assert.Equal(DirectoryErrorKind.NotFound, Refused(state, new RemoveUser(A("a@example.com"))).Kind);
    }

    [Fact]
    public void Aliases_add_and_remove_targets()
    {
        var state = Run(WithUsers("a@example.com"),
            new AddAlias(A("Sales@example.org"), A("a@example.com")),
            new AddAlias(A("sales@example.org"), A("x@remote.test")));
        Assert.Equal(new[] { A("a@example.com"), A("x@remote.test") }, state.Aliases["sales@example.org"].Targets);
        state = Run(state, new RemoveAlias(A("sales@example.org"), A("A@example.com")));
        Assert.Equal(new[] { A("x@remote.test") }, state.Aliases["sales@example.org"].Targets);
        state = Run(state, new RemoveAlias(A("sales@example.org"), A("x@remote.test")));
        Assert.Empty(state.Aliases);
    }

    [Fact]
    public void Alias_refusals()
    {
        var state = Run(WithUsers("a@example.com"), new AddAlias(A("list@example.com"), A("a@example.com")));
        Assert.Equal(DirectoryErrorKind.NotLocalDomain, Refused(state, new AddAlias(A("x@remote.test"), A("a@example.com"))).Kind);
        Assert.Equal(DirectoryErrorKind.AlreadyExists, Refused(state, new AddAlias(A("a@example.com"), A("x@remote.test"))).Kind);
        Assert.Equal(DirectoryErrorKind.AlreadyExists, Refused(state, new AddAlias(A("LIST@example.com"), A("A@example.com"))).Kind);
        Assert.Equal(DirectoryErrorKind.Invalid, Refused(state, new AddAlias(A("self@example.com"), A("Self@example.com"))).Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, Refused(state, new RemoveAlias(A("none@example.com"), A("a@example.com"))).Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, Refused(state, new RemoveAlias(A("list@example.com"), A("b@example.com"))).Kind);
    }

    [Fact]
    public void Apply_counts_revisions_and_ignores_events_about_missing_entries()
    {
        var state = DirectoryLogic.Apply(DirectoryState.Empty, new PasswordChanged(A("ghost@example.com"), SecretHash));
        state = DirectoryLogic.Apply(state, new AliasTargetRemoved(A("ghost@example.com"), A("x@y.test")));
        Assert.Equal(2, state.Revision);
        Assert.Empty(state.Accounts);
        Assert.Empty(state.Aliases);
    }

    [Fact]
    public void Apply_leaves_the_previous_state_untouched()
    {
        var before = WithUsers("a@example.com");
        var after = Run(before, new RemoveUser(A("a@example.com")));
        Assert.True(before.Accounts.ContainsKey("a@example.com"));
        Assert.False(after.Accounts.ContainsKey("a@example.com"));
    }
}
