using System.Security.Authentication;
using ActorMail.Transport.Tests.Support;

namespace ActorMail.Transport.Tests;

public class TlsTests
{
    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Implicit_tls_negotiates_the_requested_protocol(SslProtocols protocol)
    {
        var handler = new LineEchoHandler();
        var options = TestServers.Listener("smtps") with { ImplicitTls = true };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            await client.UpgradeAsync(protocol);
            Assert.Equal(protocol, client.Protocol);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            await client.WriteAsync("PROTO\r\nSECRET\r\n");
            Assert.Equal($"250 {protocol} secure=True", await client.ReadLineAsync());
            Assert.Equal("250 SECRET", await client.ReadLineAsync());
            Assert.Equal(0, handler.TlsEstablished);
        }
    }

    [Fact]
    public async Task Implicit_tls_creates_no_session_for_a_client_that_does_not_speak_tls()
    {
        var handler = new LineEchoHandler();
        var options = TestServers.Listener("smtps") with { ImplicitTls = true };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            await client.WriteAsync("EHLO plain.example\r\n");
            Assert.Empty(await client.ReadUntilClosedAsync());
            Assert.Empty(handler.Connections);
            Assert.Empty(handler.Executed);
        }
    }

    [Fact]
    public async Task Starttls_flushes_the_go_ahead_in_plaintext_then_upgrades()
    {
        var handler = new LineEchoHandler();
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            await client.WriteAsync("PROTO\r\nSTARTTLS\r\n");
            Assert.Equal("250 None secure=False", await client.ReadLineAsync());
            Assert.Equal("220 go ahead", await client.ReadLineAsync());

            await client.UpgradeAsync();
            Assert.Equal(SslProtocols.Tls13, client.Protocol);
            await client.WriteAsync("PROTO\r\nAFTER\r\n");
            Assert.Equal("250 Tls13 secure=True", await client.ReadLineAsync());
            Assert.Equal("250 AFTER", await client.ReadLineAsync());

            Assert.True(handler.TlsUpgrades.TryPeek(out var upgrade));
            await upgrade.WaitAsync(TestClient.Timeout);
            Assert.Equal(1, handler.TlsEstablished);

            // A second upgrade is refused and leaves the connection as it was.
            await client.WriteAsync("STARTTLS\r\n");
            await Wait.UntilAsync(() => handler.TlsUpgrades.Count == 2, "second StartTlsAsync");
            await Assert.ThrowsAsync<InvalidOperationException>(() => handler.TlsUpgrades.Last());
            await client.WriteAsync("STILL\r\n");
            Assert.Equal("220 go ahead", await client.ReadLineAsync());
            Assert.Equal("250 STILL", await client.ReadLineAsync());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Starttls_at_tls12_when_the_client_asks_for_it(bool offLoop)
    {
        var handler = new LineEchoHandler { UpgradeOffLoop = offLoop };
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            await client.WriteAsync("STARTTLS\r\n");
            Assert.Equal("220 go ahead", await client.ReadLineAsync());
            await client.UpgradeAsync(SslProtocols.Tls12);
            await client.WriteAsync("PROTO\r\n");
            Assert.Equal("250 Tls12 secure=True", await client.ReadLineAsync());
            Assert.Equal(1, handler.TlsEstablished);
        }
    }

    [Fact]
    public async Task A_command_pipelined_with_starttls_in_one_write_is_never_executed()
    {
        var handler = new LineEchoHandler();
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            await client.WriteAsync("STARTTLS\r\nNOOP\r\n");

            var lines = await client.ReadUntilClosedAsync();
            Assert.DoesNotContain("250 NOOP", lines);
            Assert.DoesNotContain("NOOP", handler.Executed);
            Assert.Equal(0, handler.TlsEstablished);
            await Wait.UntilAsync(() => handler.Closed == 1, "OnClosed");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_command_sent_in_a_second_segment_before_the_handshake_is_never_executed(bool offLoop)
    {
        var handler = new LineEchoHandler { UpgradeOffLoop = offLoop };
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using (server)
        {
            for (var round = 0; round < 10; round++)
            {
                await using var client = await TestClient.ConnectAsync(endPoint);
                Assert.Equal("220 ready", await client.ReadLineAsync());
                await client.WriteAsync("STARTTLS\r\n");
                await client.WriteAsync("NOOP\r\n");
                var lines = await client.ReadUntilClosedAsync();
                Assert.DoesNotContain("250 NOOP", lines);
            }

            Assert.DoesNotContain("NOOP", handler.Executed);
            Assert.Equal(0, handler.TlsEstablished);
        }
    }

    [Fact]
    public async Task Plaintext_after_the_go_ahead_closes_the_connection_unread_and_faults_the_upgrade()
    {
        var handler = new LineEchoHandler();
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            await client.WriteAsync("STARTTLS\r\n");
            Assert.Equal("220 go ahead", await client.ReadLineAsync());
            await client.WriteAsync("NOOP\r\n");

            Assert.Empty(await client.ReadUntilClosedAsync());
            Assert.Empty(handler.Executed);
            Assert.True(handler.TlsUpgrades.TryPeek(out var upgrade));
            await Assert.ThrowsAnyAsync<Exception>(() => upgrade.WaitAsync(TestClient.Timeout));
            Assert.Equal(0, handler.TlsEstablished);
        }
    }

    [Fact]
    public async Task Starttls_without_a_certificate_faults()
    {
        var handler = new LineEchoHandler();
        var options = TestServers.Listener() with { Certificate = null };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            await client.WriteAsync("STARTTLS\r\n");
            await Wait.UntilAsync(() => !handler.TlsUpgrades.IsEmpty, "StartTlsAsync");
            Assert.True(handler.TlsUpgrades.TryPeek(out var upgrade));
            await Assert.ThrowsAsync<InvalidOperationException>(() => upgrade);
            await client.WriteAsync("PLAIN\r\n");
            Assert.Equal("220 go ahead", await client.ReadLineAsync());
            Assert.Equal("250 PLAIN", await client.ReadLineAsync());
        }
    }
}
