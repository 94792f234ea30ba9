using System.Net;
using ActorMail.Transport.Access;
using ActorMail.Transport.Tests.Support;

namespace ActorMail.Transport.Tests;

public class AdmissionTests
{
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Third = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Denied_address_is_closed_without_a_greeting_and_logged_once()
    {
        var log = new CollectingSink();
        var handler = new LineEchoHandler();
        var options = TestServers.Listener("smtp") with { Access = new AccessRules(AccessPreset.Any, [], ["127.0.0.0/8"]) };
        var (server, endPoint) = await TestServers.StartAsync(options, handler, log.Logger);
        await using (server)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                await using var client = await TestClient.ConnectAsync(endPoint);
                Assert.Empty(await client.ReadUntilClosedAsync());
            }

            Assert.Empty(handler.Connections);
            Assert.Equal([RejectReason.AccessDenied, RejectReason.AccessDenied, RejectReason.AccessDenied], handler.Rejections);
            var refusals = log.Events.Where(e => e.Properties.ContainsKey("RemoteAddress")).ToList();
            var refusal = Assert.Single(refusals);
            Assert.Equal("\"smtp\"", refusal.Properties["Listener"].ToString());
            Assert.Contains("127.0.0.1", refusal.Properties["RemoteAddress"].ToString());
            await Wait.UntilAsync(() => server.ConnectionCount == 0, "refused connections released");
        }
    }

    [Fact]
    public async Task Lan_only_admits_loopback()
    {
        var handler = new LineEchoHandler();
        var options = TestServers.Listener() with { Access = new AccessRules(AccessPreset.LanOnly, [], []) };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            Assert.Empty(handler.Rejections);
        }
    }

    [Fact]
    public async Task Allow_list_admits_one_loopback_address_and_refuses_another()
    {
        var handler = new LineEchoHandler();
        var options = TestServers.Listener() with
        {
            EndPoint = new IPEndPoint(IPAddress.Any, 0),
            Access = new AccessRules(AccessPreset.LanOnly, ["127.0.0.2/32"], []),
        };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            var target = new IPEndPoint(IPAddress.Loopback, endPoint.Port);
            await using var allowed = await TestClient.ConnectAsync(target, Second);
            Assert.Equal("220 ready", await allowed.ReadLineAsync());
            await using var refused = await TestClient.ConnectAsync(target, Third);
            Assert.Empty(await refused.ReadUntilClosedAsync());
            Assert.Equal([RejectReason.AccessDenied], handler.Rejections);
        }
    }

    [Fact]
    public async Task Connection_limit_counts_per_address_and_frees_slots_on_close()
    {
        var log = new CollectingSink();
        var handler = new LineEchoHandler();
        var options = TestServers.Listener() with { MaxConnectionsPerIp = 2 };
        var (server, endPoint) = await TestServers.StartAsync(options, handler, log.Logger);
        await using (server)
        {
            await using var first = await GreetedAsync(endPoint, Second);
            await using var second = await GreetedAsync(endPoint, Second);

            await using (var third = await TestClient.ConnectAsync(endPoint, Second))
            {
                Assert.Equal(["421 too many connections"], await third.ReadUntilClosedAsync());
            }

            await using var other = await GreetedAsync(endPoint, Third);
            await using var otherToo = await GreetedAsync(endPoint, Third);
            Assert.Equal([RejectReason.TooManyConnections], handler.Rejections);
            Assert.Single(log.Events, e => e.Properties.ContainsKey("MaxConnectionsPerIp"));

            await first.WriteAsync("QUIT\r\n");
            Assert.Equal(["221 bye"], await first.ReadUntilClosedAsync());
            await Wait.UntilAsync(() => handler.Closed == 1, "first connection closed");
            await using var again = await GreetedAsync(endPoint, Second);
        }
    }

    [Fact]
    public async Task Listeners_of_one_group_share_the_per_address_counter()
    {
        var handler = new LineEchoHandler();
        var smtp = TestServers.Listener("smtp") with { MaxConnectionsPerIp = 1, LimitGroup = "smtp" };
        var submission = TestServers.Listener("submission") with { MaxConnectionsPerIp = 1, LimitGroup = "smtp" };
        var imap = TestServers.Listener("imap") with { MaxConnectionsPerIp = 1 };
        await using var server = new TransportServer();
        await server.StartAsync([(smtp, handler), (submission, handler), (imap, handler)]);
        var endPoints = server.BoundEndPoints;
        Assert.Equal(3, endPoints.Count);

        await using var onSmtp = await GreetedAsync(endPoints[0], Second);
        await using (var onSubmission = await TestClient.ConnectAsync(endPoints[1], Second))
        {
            Assert.Equal(["421 too many connections"], await onSubmission.ReadUntilClosedAsync());
        }

        await using var onImap = await GreetedAsync(endPoints[2], Second);
    }

    [Fact]
    public async Task Implicit_tls_listener_answers_a_refusal_over_tls()
    {
        var handler = new LineEchoHandler();
        var options = TestServers.Listener("smtps") with { ImplicitTls = true, MaxConnectionsPerIp = 1 };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            await using var first = await TestClient.ConnectAsync(endPoint, Second);
            await first.UpgradeAsync();
            Assert.Equal("220 ready", await first.ReadLineAsync());

            await using var second = await TestClient.ConnectAsync(endPoint, Second);
            await second.UpgradeAsync();
            Assert.Equal(["421 too many connections"], await second.ReadUntilClosedAsync());
        }
    }

    private static async Task<TestClient> GreetedAsync(IPEndPoint endPoint, IPAddress from)
    {
        var client = await TestClient.ConnectAsync(endPoint, from);
        Assert.Equal("220 ready", await client.ReadLineAsync());
        return client;
    }
}
