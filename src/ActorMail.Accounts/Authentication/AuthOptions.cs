namespace ActorMail.Accounts.Authentication;

/// <summary>The <c>actormail.auth.*</c> settings used by <see cref="Authenticator"/>.</summary>
/// <param name="FailureDelay">A failed attempt completes only after this delay (<c>failure-delay</c>).</param>
/// <param name="MaxFailuresPerIp">Failures per client address and window before it is refused unchecked (<c>max-failures-per-ip</c>).</param>
/// <param name="FailureWindow">Length of the failure-counting window (<c>failure-window</c>).</param>
/// <param name="CacheTtl">How long a verified login is remembered (<c>cache-ttl</c>).</param>
public sealed record AuthOptions(TimeSpan FailureDelay, int MaxFailuresPerIp, TimeSpan FailureWindow, TimeSpan CacheTtl)
{
    /// <summary>The contract's defaults: 2 s, 10, 5 min, 1 h.</summary>
    public static readonly AuthOptions Default = new(TimeSpan.FromSeconds(2), 10, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
}
