using System.Net;
using ActorMail.Core;

namespace ActorMail.Accounts.Authentication;

/// <summary>
/// Checks login names and passwords against the current directory for SMTP AUTH, IMAP LOGIN and POP3 USER/PASS.
/// Login names are full addresses (any case) or a bare local part of the primary domain; aliases are not login names.
/// </summary>
/// <remarks>
/// Order: a blocked client address is refused unchecked; a cached login (same password and stored hash, within the TTL)
/// skips the hash; otherwise the hash runs on the thread pool. Bad credentials count against the client address
/// (<see cref="FailureTracker"/>), and every failure completes only after <see cref="AuthOptions.FailureDelay"/>.
/// An unknown login name costs a hash as well, so timing does not tell which names exist. Thread-safe.
/// </remarks>
public sealed class Authenticator
{
    private readonly Func<DirectoryState> directory;
    private readonly PasswordHasher hasher;
    private readonly AuthOptions options;
    private readonly TimeProvider time;
    private readonly Lazy<string> decoyHash;

    /// <summary>An authenticator with its own login cache and failure tracker built from <paramref name="options"/>.</summary>
    public Authenticator(Func<DirectoryState> directory, PasswordHasher hasher, AuthOptions options, TimeProvider? time = null)
        : this(directory, hasher, new LoginCache(options.CacheTtl), new FailureTracker(options.MaxFailuresPerIp, options.FailureWindow), options, time)
    {
    }

    /// <param name="directory">Supplies the current directory state (e.g. the last <c>DirectoryChanged</c> received).</param>
    /// <param name="options">Only <see cref="AuthOptions.FailureDelay"/> is read; the cache and tracker carry their own limits.</param>
    public Authenticator(
        Func<DirectoryState> directory,
        PasswordHasher hasher,
        LoginCache cache,
        FailureTracker failures,
        AuthOptions options,
        TimeProvider? time = null)
    {
        this.directory = directory;
        this.hasher = hasher;
        Cache = cache;
        Failures = failures;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        decoyHash = new Lazy<string>(() => hasher.Hash(Guid.NewGuid().ToString("N")));
    }

    /// <summary>The login cache; invalidate a user here when their credentials change.</summary>
    public LoginCache Cache { get; }

    public FailureTracker Failures { get; }

    public async Task<AuthResult> AuthenticateAsync(string login, string password, IPAddress remote, CancellationToken cancellationToken)
    {
        if (Failures.IsBlocked(remote, time.GetUtcNow()))
            return await Fail(AuthFailure.TooManyFailures, remote, count: false, cancellationToken).ConfigureAwait(false);

        var state = directory();
        Account? account = null;
        if (MailAddress.TryParseLogin(login, state.PrimaryDomain ?? "localhost", out var address))
            account = state.FindAccount(address);

        if (account is null)
        {
            await Task.Run(() => hasher.Verify(password, decoyHash.Value), cancellationToken).ConfigureAwait(false);
            return await Fail(AuthFailure.BadCredentials, remote, count: true, cancellationToken).ConfigureAwait(false);
        }

        bool valid = Cache.TryGet(account.Key, password, time.GetUtcNow(), account.PasswordHash);
        if (!valid)
        {
            var stored = account.PasswordHash;
            valid = await Task.Run(() => hasher.Verify(password, stored), cancellationToken).ConfigureAwait(false);
            if (valid && account.Active) Cache.Add(account.Key, password, time.GetUtcNow(), stored);
        }

        if (!valid) return await Fail(AuthFailure.BadCredentials, remote, count: true, cancellationToken).ConfigureAwait(false);
        if (!account.Active) return await Fail(AuthFailure.Inactive, remote, count: false, cancellationToken).ConfigureAwait(false);
        return new AuthResult.Success(account.Key);
    }

    private async Task<AuthResult> Fail(AuthFailure reason, IPAddress remote, bool count, CancellationToken cancellationToken)
    {
        if (count) Failures.RecordFailure(remote, time.GetUtcNow());
        if (options.FailureDelay > TimeSpan.Zero)
            await Task.Delay(options.FailureDelay, time, cancellationToken).ConfigureAwait(false);
        return new AuthResult.Failed(reason);
    }
}
