using ActorMail.Accounts.Routing;
using static ActorMail.Accounts.DirectoryCommands;
using static ActorMail.Accounts.Tests.Fixtures;

namespace ActorMail.Accounts.Tests;

public class RouterTests
{
    private static readonly Core.MailAddress Postmaster = A("postmaster@example.com");

    private static RouteTarget[] Accepted(DirectoryState state, string rcpt, Core.MailAddress? postmaster = null)
    {
        var result = Router.Resolve(state, A(rcpt), postmaster ?? Postmaster);
        var ok = Assert.IsType<RouteResult.Accepted>(result);
        return [.. ok.Targets];
    }

    private static RouteRejection Rejected(DirectoryState state, string rcpt, Core.MailAddress? postmaster = null)
    {
        var result = Router.Resolve(state, A(rcpt), postmaster ?? Postmaster);
        return Assert.IsType<RouteResult.Rejected>(result).Reason;
    }

    private static LocalTarget L(string key) => new(key);

    private static RemoteTarget R(string address) => new(A(address));

    [Fact]
    public void Local_accounts_on_every_local_domain_case_insensitively()
    {
        var state = WithUsers("a@example.com", "b@example.org", "c@example.net");
        Assert.Equal([L("a@example.com")], Accepted(state, "A@EXAMPLE.COM"));
        Assert.Equal([L("b@example.org")], Accepted(state, "b@Example.Org"));
        Assert.Equal([L("c@example.net")], Accepted(state, "C@example.NET"));
        Assert.Equal(RouteRejection.UnknownLocalUser, Rejected(state, "a@example.org"));
        Assert.Equal(RouteRejection.UnknownLocalUser, Rejected(state, "nobody@example.com"));
    }

    [Fact]
    public void Non_local_domains_route_remote()
    {
        var state = WithUsers("a@example.com");
        Assert.Equal([R("Someone@Remote.test")], Accepted(state, "Someone@Remote.test"));
        Assert.True(Router.IsLocalDomain(state, "EXAMPLE.net."));
        Assert.False(Router.IsLocalDomain(state, "remote.test"));
    }

    [Fact]
    public void Inactive_account_is_rejected()
    {
        var state = Run(WithUsers("a@example.com"), new SetUser(A("a@example.com"), Active: false));
        Assert.Equal(RouteRejection.InactiveAccount, Rejected(state, "a@example.com"));
    }

    [Fact]
    public void Aliases_expand_recursively_and_deduplicate()
    {
        var state = Run(WithUsers("a@example.com", "b@example.com"),
            new AddAlias(A("team@example.com"), A("a@example.com")),
            new AddAlias(A("team@example.com"), A("b@example.com")),
            new AddAlias(A("all@example.org"), A("team@example.com")),
            new AddAlias(A("all@example.org"), A("A@example.com")),
            new AddAlias(A("all@example.org"), A("ext@remote.test")),
            new AddAlias(A("team@example.com"), A("EXT@remote.test")));
        Assert.Equal([L("a@example.com"), L("b@example.com"), R("EXT@remote.test")], Accepted(state, "ALL@example.org"));
    }

    [Fact]
    public void Alias_members_that_are_inactive_or_unknown_are_skipped()
    {
        var state = Run(WithUsers("a@example.com", "b@example.com"),
            new SetUser(A("b@example.com"), Active: false),
            new AddAlias(A("team@example.com"), A("a@example.com")),
            new AddAlias(A("team@example.com"), A("b@example.com")),
            new AddAlias(A("team@example.com"), A("gone@example.com")),
            new AddAlias(A("dead@example.com"), A("b@example.com")),
            new AddAlias(A("void@example.com"), A("gone@example.com")));
        Assert.Equal([L("a@example.com")], Accepted(state, "team@example.com"));
        Assert.Equal(RouteRejection.InactiveAccount, Rejected(state, "dead@example.com"));
        Assert.Equal(RouteRejection.UnknownLocalUser, Rejected(state, "void@example.com"));
    }

    [Fact]
    public void Alias_loops_end_without_hanging()
    {
        var state = Run(WithUsers("a@example.com"),
            new AddAlias(A("x@example.com"), A("y@example.com")),
            new AddAlias(A("y@example.com"), A("x@example.com")),
            new AddAlias(A("y@example.com"), A("a@example.com")),
            new AddAlias(A("p@example.com"), A("q@example.com")),
            new AddAlias(A("q@example.com"), A("p@example.com")));
        Assert.Equal([L("a@example.com")], Accepted(state, "x@example.com"));
        Assert.Equal(RouteRejection.UnknownLocalUser, Rejected(state, "p@example.com"));
    }

    [Fact]
    public void Alias_chains_deeper_than_the_limit_end()
    {
        var state = WithUsers("a@example.com");
        for (int i = 0; i < 12; i++) state = Run(state, new AddAlias(A($"c{i}@example.com"), A($"c{i + 1}@example.com")));
        state = Run(state, new AddAlias(A("c12@example.com"), A("a@example.com")));
        Assert.Equal([L("a@example.com")], Accepted(state, "c3@example.com"));
        Assert.Equal(RouteRejection.UnknownLocalUser, Rejected(state, "c0@example.com"));
    }

    [Fact]
    public void Forward_replaces_the_account_or_keeps_a_copy()
    {
        var state = Run(WithUsers("a@example.com", "b@example.com", "c@example.com"),
            new SetUser(A("a@example.com"), Forward: [A("b@example.com"), A("out@remote.test")]),
            new SetUser(A("c@example.com"), Forward: [A("b@example.com")], KeepCopy: true));
        Assert.Equal([L("b@example.com"), R("out@remote.test")], Accepted(state, "a@example.com"));
        Assert.Equal([L("b@example.com"), L("c@example.com")], Accepted(state, "c@example.com"));
    }

    [Fact]
    public void Forwards_expand_through_aliases_and_further_forwards()
    {
        var state = Run(WithUsers("a@example.com", "b@example.com"),
            new AddAlias(A("desk@example.org"), A("b@example.com")),
            new SetUser(A("a@example.com"), Forward: [A("desk@example.org")]),
            new SetUser(A("b@example.com"), Forward: [A("far@remote.test")]));
        Assert.Equal([R("far@remote.test")], Accepted(state, "a@example.com"));
    }

    [Fact]
    public void Forward_loops_end_and_never_drop_mail()
    {
        var state = Run(WithUsers("a@example.com", "b@example.com"),
            new SetUser(A("a@example.com"), Forward: [A("b@example.com")]),
            new SetUser(A("b@example.com"), Forward: [A("a@example.com")]));
        Assert.Equal([L("b@example.com")], Accepted(state, "a@example.com"));
        Assert.Equal([L("a@example.com")], Accepted(state, "b@example.com"));

        var kept = Run(state, new SetUser(A("a@example.com"), KeepCopy: true));
        Assert.Equal([L("b@example.com"), L("a@example.com")], Accepted(kept, "a@example.com"));
    }

    [Fact]
    public void Forward_to_an_inactive_account_falls_back_to_the_account()
    {
        var state = Run(WithUsers("a@example.com", "b@example.com"),
            new SetUser(A("a@example.com"), Forward: [A("b@example.com")]),
            new SetUser(A("b@example.com"), Active: false));
        Assert.Equal([L("a@example.com")], Accepted(state, "a@example.com"));
    }

    [Fact]
    public void Postmaster_on_every_local_domain_reaches_the_configured_postmaster()
    {
        var state = WithUsers("admin@example.com");
        var pm = A("admin@example.com");
        foreach (var domain in new[] { "example.com", "example.org", "EXAMPLE.NET" })
            Assert.Equal([L("admin@example.com")], Accepted(state, $"PostMaster@{domain}", pm));
    }

    [Fact]
    public void Postmaster_may_be_an_alias_or_remote()
    {
        var state = Run(WithUsers("a@example.com"), new AddAlias(A("postmaster@example.com"), A("a@example.com")));
        Assert.Equal([L("a@example.com")], Accepted(state, "postmaster@example.org"));
        Assert.Equal([L("a@example.com")], Accepted(state, "postmaster@example.com"));
        Assert.Equal([R("hostmaster@provider.test")], Accepted(WithUsers(), "postmaster@example.net", A("hostmaster@provider.test")));
    }

    [Fact]
    public void An_explicit_postmaster_account_on_a_domain_takes_its_mail()
    {
        var state = WithUsers("admin@example.com", "postmaster@example.org");
        Assert.Equal([L("postmaster@example.org")], Accepted(state, "postmaster@example.org", A("admin@example.com")));
        Assert.Equal([L("admin@example.com")], Accepted(state, "postmaster@example.net", A("admin@example.com")));
    }

    [Fact]
    public void Postmaster_that_resolves_nowhere_is_rejected_with_a_clear_reason()
    {
        var state = WithUsers("a@example.com");
        Assert.Equal(RouteRejection.PostmasterUnavailable, Rejected(state, "postmaster@example.org"));
        Assert.Equal(RouteRejection.PostmasterUnavailable, Rejected(state, "postmaster@example.com"));
        var result = (RouteResult.Rejected)Router.Resolve(state, A("postmaster@example.org"), Postmaster);
        Assert.Contains("postmaster@example.com", result.Message);
    }
}
