using System.Net;
using ActorMail.Accounts.Authentication;
using static ActorMail.Accounts.Tests.Fixtures;

namespace ActorMail.Accounts.Tests;

public class FailureTrackerTests
{
    private static readonly IPAddress Ip1 = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Ip2 = IPAddress.Parse("192.0.2.2");
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    [Fact]
    public void Blocks_after_max_failures_until_the_window_ends()
    {
        var tracker = new FailureTracker(3, Window);
        for (int i = 0; i < 2; i++) tracker.RecordFailure(Ip1, T0.AddSeconds(i));
        Assert.False(tracker.IsBlocked(Ip1, T0.AddSeconds(2)));
        tracker.RecordFailure(Ip1, T0.AddSeconds(2));
        Assert.True(tracker.IsBlocked(Ip1, T0.AddSeconds(3)));
        Assert.False(tracker.IsBlocked(Ip2, T0.AddSeconds(3)));
        Assert.True(tracker.IsBlocked(Ip1, T0 + Window - TimeSpan.FromTicks(1)));
        Assert.False(tracker.IsBlocked(Ip1, T0 + Window));
    }

    [Fact]
    public void A_new_window_starts_fresh()
    {
        var tracker = new FailureTracker(2, Window);
        tracker.RecordFailure(Ip1, T0);
        tracker.RecordFailure(Ip1, T0 + Window);
        Assert.False(tracker.IsBlocked(Ip1, T0 + Window));
        tracker.RecordFailure(Ip1, T0 + Window + TimeSpan.FromSeconds(1));
        Assert.True(tracker.IsBlocked(Ip1, T0 + Window + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Ipv6_counts_per_64_prefix_and_mapped_ipv4_as_ipv4()
    {
        var tracker = new FailureTracker(2, Window);
        tracker.RecordFailure(IPAddress.Parse("2001:db8:1:2::1"), T0);
        tracker.RecordFailure(IPAddress.Parse("2001:db8:1:2:ffff::9"), T0);
        Assert.True(tracker.IsBlocked(IPAddress.Parse("2001:db8:1:2::77"), T0));
        Assert.False(tracker.IsBlocked(IPAddress.Parse("2001:db8:1:3::1"), T0));

        tracker.RecordFailure(IPAddress.Parse("::ffff:192.0.2.1"), T0);
        tracker.RecordFailure(Ip1, T0);
        Assert.True(tracker.IsBlocked(Ip1, T0));
    }

    [Fact]
    public void Memory_is_bounded()
    {
        var tracker = new FailureTracker(5, Window, capacity: 100);
        for (int i = 0; i < 1000; i++) tracker.RecordFailure(new IPAddress(0x0A000000u + (uint)i), T0.AddMilliseconds(i));
        Assert.InRange(tracker.Count, 1, 100);
    }

    [Fact]
    public void State_belongs_to_the_instance()
    {
        var one = new FailureTracker(1, Window);
        var two = new FailureTracker(1, Window);
        one.RecordFailure(Ip1, T0);
        Assert.True(one.IsBlocked(Ip1, T0));
        Assert.False(two.IsBlocked(Ip1, T0));
    }
}
