using System.Diagnostics;
using System.Net;
using ActorMail.Accounts.Authentication;
using static ActorMail.Accounts.DirectoryCommands;
using static ActorMail.Accounts.Tests.Fixtures;

namespace ActorMail.Accounts.Tests;

public class AuthenticatorTests
{
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");

    /// <summary>The real hasher, counting how often the slow check runs.</summary>
    private sealed class CountingHasher() : PasswordHasher(FastArgon)
    {
        private int verifies;

        public int Verifies => Volatile.Read(ref verifies);

        public override bool Verify(string password, string encoded)
        {
            Interlocked.Increment(ref verifies);
            return base.Verify(password, encoded);
        }
    }

    private sealed class Setup
    {
        public DirectoryState State = Run(
            WithUsers("u1@example.com", "u2@example.org", "off@example.com"),
            new AddAlias(A("sales@example.com"), A("u1@example.com")),
            new SetUser(A("off@example.com"), Active: false));

        public readonly CountingHasher Hasher = new();
        public readonly TestTime Time = new(T0);
        public readonly Authenticator Auth;

        public Setup(AuthOptions? options = null) =>
            Auth = new Authenticator(() => State, Hasher, options ?? new AuthOptions(TimeSpan.Zero, 3, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)), Time);

        public Task<AuthResult> Login(string login, string password) => Auth.AuthenticateAsync(login, password, Client, CancellationToken.None);
    }

    private static AuthFailure Failed(AuthResult r) => Assert.IsType<AuthResult.Failed>(r).Reason;

    [Theory]
    [InlineData("u1@example.com")]
    [InlineData("U1@EXAMPLE.COM")]
    [InlineData("u1")]
    [InlineData("U1")]
    public async Task Full_address_or_bare_local_part_of_the_primary_domain(string login)
    {
        var s = new Setup();
        Assert.Equal(new AuthResult.Success("u1@example.com"), await s.Login(login, "secret"));
    }

    [Fact]
    public async Task Bare_local_part_means_the_primary_domain_only()
    {
        var s = new Setup();
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("u2", "secret")));
        Assert.Equal(new AuthResult.Success("u2@example.org"), await s.Login("u2@example.org", "secret"));
    }

    [Fact]
    public async Task Aliases_are_not_login_names()
    {
        var s = new Setup();
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("sales@example.com", "secret")));
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("sales", "secret")));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_fail_alike_and_both_pay_a_hash()
    {
        var s = new Setup();
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("u1@example.com", "wrong")));
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("ghost@example.com", "secret")));
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("not an address@@", "secret")));
        Assert.Equal(3, s.Hasher.Verifies);
    }

    [Fact]
    public async Task Inactive_account_fails_even_with_the_right_password()
    {
        var s = new Setup();
        Assert.Equal(AuthFailure.Inactive, Failed(await s.Login("off@example.com", "secret")));
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("off@example.com", "wrong")));
    }

    [Fact]
    public async Task Cache_avoids_rehashing_until_the_ttl_passes()
    {
        var s = new Setup();
        Assert.IsType<AuthResult.Success>(await s.Login("u1@example.com", "secret"));
        Assert.IsType<AuthResult.Success>(await s.Login("u1", "secret"));
        Assert.IsType<AuthResult.Success>(await s.Login("U1@example.com", "secret"));
        Assert.Equal(1, s.Hasher.Verifies);

        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("u1", "other")));
        Assert.Equal(2, s.Hasher.Verifies);

        s.Time.Advance(TimeSpan.FromHours(1));
        Assert.IsType<AuthResult.Success>(await s.Login("u1", "secret"));
        Assert.Equal(3, s.Hasher.Verifies);
    }

    [Fact]
    public async Task Changed_password_or_deactivation_defeats_the_cache()
    {
        var s = new Setup();
        Assert.IsType<AuthResult.Success>(await s.Login("u1", "secret"));
        s.State = Run(s.State, new SetPassword(A("u1@example.com"), FastHasher.Hash("new")));
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("u1", "secret")));
        Assert.IsType<AuthResult.Success>(await s.Login("u1", "new"));

        s.State = Run(s.State, new SetUser(A("u1@example.com"), Active: false));
        Assert.Equal(AuthFailure.Inactive, Failed(await s.Login("u1", "new")));
        s.State = Run(s.State, new RemoveUser(A("u1@example.com")));
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("u1", "new")));
    }

    [Fact]
    public async Task Too_many_failures_block_the_address_without_checking()
    {
        var s = new Setup();
        for (int i = 0; i < 3; i++) Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("u1", "wrong")));
        int before = s.Hasher.Verifies;
        Assert.Equal(AuthFailure.TooManyFailures, Failed(await s.Login("u1", "secret")));
        Assert.Equal(before, s.Hasher.Verifies);

        var other = await s.Auth.AuthenticateAsync("u1", "secret", IPAddress.Parse("198.51.100.8"), CancellationToken.None);
        Assert.IsType<AuthResult.Success>(other);

        s.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.IsType<AuthResult.Success>(await s.Login("u1", "secret"));
    }

    [Fact]
    public async Task A_failure_completes_only_after_the_delay()
    {
        // Long enough that a success on a loaded machine still finishes well within it.
        var delay = TimeSpan.FromSeconds(1);
        var s = new Setup(new AuthOptions(delay, 10, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)));
        var watch = Stopwatch.StartNew();
        Assert.Equal(AuthFailure.BadCredentials, Failed(await s.Login("u1", "wrong")));
        Assert.True(watch.Elapsed >= delay - TimeSpan.FromMilliseconds(15), $"{watch.Elapsed}");

        watch.Restart();
        Assert.IsType<AuthResult.Success>(await s.Login("u1", "secret"));
        Assert.True(watch.Elapsed < delay, $"success took {watch.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_ends_the_delay()
    {
        var s = new Setup(new AuthOptions(TimeSpan.FromMinutes(10), 10, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)));
        using var cts = new CancellationTokenSource();
        var attempt = s.Auth.AuthenticateAsync("u1", "wrong", Client, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt);
    }
}
