using System.Text;
using ActorMail.Accounts.Authentication;
using static ActorMail.Accounts.Tests.Fixtures;

namespace ActorMail.Accounts.Tests;

public class LoginCacheTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Hit_only_for_the_same_user_password_and_stamp()
    {
        var cache = new LoginCache(Hour);
        cache.Add("a@example.com", "secret", T0, "hash1");
        Assert.True(cache.TryGet("a@example.com", "secret", T0.AddMinutes(1), "hash1"));
        Assert.False(cache.TryGet("a@example.com", "Secret", T0.AddMinutes(1), "hash1"));
        Assert.False(cache.TryGet("a@example.com", "secret", T0.AddMinutes(1), "hash2"));
        Assert.False(cache.TryGet("b@example.com", "secret", T0.AddMinutes(1), "hash1"));
    }

    [Fact]
    public void Entries_expire_after_the_ttl()
    {
        var cache = new LoginCache(Hour);
        cache.Add("a@example.com", "secret", T0);
        Assert.True(cache.TryGet("a@example.com", "secret", T0 + Hour - TimeSpan.FromTicks(1)));
        Assert.False(cache.TryGet("a@example.com", "secret", T0 + Hour));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Invalidate_forgets_the_user()
    {
        var cache = new LoginCache(Hour);
        cache.Add("a@example.com", "secret", T0);
        cache.Add("b@example.com", "secret", T0);
        cache.Invalidate("a@example.com");
        Assert.False(cache.TryGet("a@example.com", "secret", T0));
        Assert.True(cache.TryGet("b@example.com", "secret", T0));
    }

    [Fact]
    public void Capacity_evicts_the_oldest_entry()
    {
        var cache = new LoginCache(Hour, capacity: 2);
        cache.Add("a", "pa", T0);
        cache.Add("b", "pb", T0.AddSeconds(1));
        cache.Add("a", "pa", T0.AddSeconds(2));
        cache.Add("c", "pc", T0.AddSeconds(3));
        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet("b", "pb", T0.AddSeconds(4)));
        Assert.True(cache.TryGet("a", "pa", T0.AddSeconds(4)));
        Assert.True(cache.TryGet("c", "pc", T0.AddSeconds(4)));
    }

    [Fact]
    public void No_password_is_stored()
    {
        var cache = new LoginCache(Hour);
        const string password = "my-very-secret-password";
        cache.Add("a@example.com", password, T0, "stamp");
        var (user, mac) = Assert.Single(cache.StoredMaterial());
        Assert.Equal("a@example.com", user);
        Assert.Equal(32, mac.Length);
        var bytes = Encoding.UTF8.GetBytes(password);
        Assert.Equal(-1, mac.AsSpan().IndexOf(bytes.AsSpan(0, 8)));
        Assert.DoesNotContain(password, user);
    }

    [Fact]
    public void Keys_differ_between_instances()
    {
        var one = new LoginCache(Hour);
        var two = new LoginCache(Hour);
        one.Add("a", "secret", T0);
        two.Add("a", "secret", T0);
        Assert.NotEqual(one.StoredMaterial()[0].Mac, two.StoredMaterial()[0].Mac);
    }

    [Fact]
    public async Task Concurrent_use_is_safe()
    {
        var cache = new LoginCache(Hour, capacity: 50);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                var user = $"u{(t * 31 + i) % 200}";
                cache.Add(user, "p", T0);
                cache.TryGet(user, "p", T0);
                if (i % 7 == 0) cache.Invalidate(user);
            }
        })));
        Assert.InRange(cache.Count, 0, 50);
    }
}
