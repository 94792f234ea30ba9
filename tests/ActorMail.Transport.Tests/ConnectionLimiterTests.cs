using System.Net;

namespace ActorMail.Transport.Tests;

public class ConnectionLimiterTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void Limit_applies_per_address_and_group()
    {
        var limiter = new ConnectionLimiter();
        Assert.True(limiter.TryAcquire("smtp", A, 2));
        Assert.True(limiter.TryAcquire("smtp", A, 2));
        Assert.False(limiter.TryAcquire("smtp", A, 2));
        Assert.True(limiter.TryAcquire("smtp", B, 2));
        Assert.True(limiter.TryAcquire("imap", A, 2));
        Assert.Equal(2, limiter.Count("smtp", A));

        limiter.Release("smtp", A);
        Assert.True(limiter.TryAcquire("smtp", A, 2));
    }

    [Fact]
    public void Zero_means_no_limit_and_release_never_goes_negative()
    {
        var limiter = new ConnectionLimiter();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(limiter.TryAcquire("pop3", A, 0));
        }

        for (var i = 0; i < 150; i++)
        {
            limiter.Release("pop3", A);
        }

        Assert.Equal(0, limiter.Count("pop3", A));
        Assert.True(limiter.TryAcquire("pop3", A, 1));
        Assert.False(limiter.TryAcquire("pop3", A, 1));
    }

    [Fact]
    public void Recent_set_reports_new_items_once_and_forgets_the_oldest()
    {
        var set = new RecentSet<string>(2);
        Assert.True(set.Add("a"));
        Assert.False(set.Add("a"));
        Assert.True(set.Add("b"));
        Assert.True(set.Add("c"));
        Assert.False(set.Add("b"));
        Assert.True(set.Add("a"));
    }
}
