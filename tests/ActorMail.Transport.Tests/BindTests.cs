using System.Net;
using System.Net.Sockets;
using ActorMail.Transport.Tests.Support;

namespace ActorMail.Transport.Tests;

public class BindTests
{
    [Fact]
    public async Task A_taken_port_fails_start_naming_address_reason_and_key_and_releases_the_others()
    {
        var handler = new LineEchoHandler();
        var (first, taken) = await TestServers.StartAsync(TestServers.Listener("smtp"), handler);
        await using (first)
        {
            var freePort = FreePort();
            var good = TestServers.Listener("imap") with { EndPoint = new IPEndPoint(IPAddress.Loopback, freePort) };
            var clash = TestServers.Listener("smtp") with { EndPoint = taken, SettingsKeyForPort = "actormail.smtp.port" };
            await using var second = new TransportServer();

            var error = await Assert.ThrowsAsync<ListenerBindException>(() => second.StartAsync([(good, handler), (clash, handler)]));

            Assert.Equal($"cannot listen on 127.0.0.1:{taken.Port} (smtp): Address already in use; change actormail.smtp.port", error.Message);
            Assert.Equal(SocketError.AddressAlreadyInUse, error.Error);
            Assert.Equal("actormail.smtp.port", error.SettingsKey);

            using var probe = new TcpListener(IPAddress.Loopback, freePort);
            probe.Start();
            probe.Stop();
        }
    }

    [Fact]
    public void A_privileged_port_message_tells_how_to_get_the_right_or_change_the_port()
    {
        var error = new ListenerBindException(
            "smtp", new IPEndPoint(IPAddress.Any, 25), "actormail.smtp.port", SocketError.AccessDenied, "Permission denied", null);
        Assert.Equal(
            "cannot listen on 0.0.0.0:25 (smtp): Permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE; change actormail.smtp.port",
            error.Message);
    }

    [Fact]
    public async Task Implicit_tls_without_a_certificate_is_refused_before_binding()
    {
        await using var server = new TransportServer();
        var options = TestServers.Listener() with { ImplicitTls = true, Certificate = null };
        await Assert.ThrowsAsync<ArgumentException>(() => server.StartAsync([(options, new LineEchoHandler())]));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
