using System.Net;
using System.Text;
using ActorMail.Transport.Tests.Support;

namespace ActorMail.Transport.Tests;

public class PlainConnectionTests
{
    [Fact]
    public async Task Echo_round_trip_reports_endpoints_and_close()
    {
        var handler = new LineEchoHandler();
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener("smtp"), handler);
        await using (server)
        {
            Assert.NotEqual(0, endPoint.Port);
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            await client.WriteAsync("HELLO\r\nWORLD\r\n");
            Assert.Equal("250 HELLO", await client.ReadLineAsync());
            Assert.Equal("250 WORLD", await client.ReadLineAsync());

            Assert.True(handler.Connections.TryPeek(out var connection));
            Assert.Equal("smtp", connection.ListenerName);
            Assert.Equal(IPAddress.Loopback, connection.RemoteEndPoint.Address);
            Assert.Equal(((IPEndPoint)client.Socket.LocalEndPoint!).Port, connection.RemoteEndPoint.Port);
            Assert.Equal(endPoint, connection.LocalEndPoint);
            Assert.False(connection.IsSecure);

            await client.WriteAsync("QUIT\r\n");
            Assert.Equal(["221 bye"], await client.ReadUntilClosedAsync());
            await connection.Completion.WaitAsync(TestClient.Timeout);
            await Wait.UntilAsync(() => handler.Closed == 1, "OnClosed");
            await Assert.ThrowsAsync<IOException>(() => connection.WriteAndFlushAsync("late"u8.ToArray()));
        }
    }

    [Fact]
    public async Task Ipv6_loopback_listener_reports_ipv6_endpoints()
    {
        if (!System.Net.Sockets.Socket.OSSupportsIPv6)
        {
            return;
        }

        var handler = new LineEchoHandler();
        var options = TestServers.Listener() with { EndPoint = new IPEndPoint(IPAddress.IPv6Loopback, 0) };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            Assert.Equal(IPAddress.IPv6Loopback, endPoint.Address);
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            Assert.True(handler.Connections.TryPeek(out var connection));
            Assert.Equal(IPAddress.IPv6Loopback, connection.RemoteEndPoint.Address);
        }
    }

    [Fact]
    public async Task Lines_split_across_segments_arrive_in_order()
    {
        var handler = new LineEchoHandler();
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            await client.WriteAsync("AB");
            await client.WriteAsync("C\r");
            await client.WriteAsync("\nD\r\n");
            Assert.Equal("250 ABC", await client.ReadLineAsync());
            Assert.Equal("250 D", await client.ReadLineAsync());
        }
    }

    [Fact]
    public async Task Idle_timeout_calls_OnIdle_and_the_session_decides_what_to_say()
    {
        var handler = new LineEchoHandler();
        var options = TestServers.Listener() with { IdleTimeout = TimeSpan.FromMilliseconds(300) };
        var (server, endPoint) = await TestServers.StartAsync(options, handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            Assert.Equal("220 ready", await client.ReadLineAsync());
            Assert.Equal(["421 idle timeout"], await client.ReadUntilClosedAsync());
            Assert.Equal(1, handler.Idles);
            await Wait.UntilAsync(() => handler.Closed == 1, "OnClosed");
        }
    }

    [Fact]
    public async Task Two_hundred_concurrent_connections_each_echo_their_own_lines()
    {
        var handler = new LineEchoHandler();
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using (server)
        {
            var sessions = Enumerable.Range(0, 200).Select(async i =>
            {
                await using var client = await TestClient.ConnectAsync(endPoint);
                Assert.Equal("220 ready", await client.ReadLineAsync());
                await client.WriteAsync($"C{i}-1\r\nC{i}-2\r\n");
                Assert.Equal($"250 C{i}-1", await client.ReadLineAsync());
                Assert.Equal($"250 C{i}-2", await client.ReadLineAsync());
                await client.WriteAsync($"C{i}-3\r\nQUIT\r\n");
                Assert.Equal([$"250 C{i}-3", "221 bye"], await client.ReadUntilClosedAsync());
            });
            await Task.WhenAll(sessions);
            Assert.Equal(600, handler.Executed.Count);
            await Wait.UntilAsync(() => server.ConnectionCount == 0 && handler.Closed == 200, "all connections closed");
        }
    }

    [Fact]
    public async Task Stop_closes_listeners_then_connections()
    {
        var handler = new LineEchoHandler();
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using var client = await TestClient.ConnectAsync(endPoint);
        Assert.Equal("220 ready", await client.ReadLineAsync());

        await server.StopAsync();

        Assert.Empty(await client.ReadUntilClosedAsync());
        Assert.Equal(1, handler.Closed);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var late = await TestClient.ConnectAsync(endPoint);
            Assert.Null(await late.ReadLineAsync());
        });
    }

    [Fact]
    public async Task Pause_holds_input_back_and_resume_delivers_everything_in_order()
    {
        var handler = new RecordingHandler();
        var (server, endPoint) = await TestServers.StartAsync(TestServers.Listener(), handler);
        await using (server)
        {
            await using var client = await TestClient.ConnectAsync(endPoint);
            var connection = await handler.Connected.Task.WaitAsync(TestClient.Timeout);
            connection.PauseReading();

            var payload = new byte[24 * 1024 * 1024];
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] = (byte)(i * 7 % 251);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var sending = client.WriteAsync(payload, cts.Token);

            // While reads are paused the kernel buffers fill and the client's write cannot finish.
            var finished = await Task.WhenAny(sending, Task.Delay(TimeSpan.FromMilliseconds(500)));
            Assert.NotSame(sending, finished);
            // At most the read that was already under way when the pause took effect.
            Assert.True(handler.Received <= 1024 * 1024, $"the server kept reading while paused ({handler.Received} bytes)");

            connection.ResumeReading();
            await sending;
            await Wait.UntilAsync(() => handler.Received == payload.Length, "all bytes after resume");
            Assert.Equal(payload, handler.Snapshot());
        }
    }

    private sealed class RecordingHandler : IConnectionHandler, IConnectionSink
    {
        private readonly MemoryStream received = new();

        public TaskCompletionSource<IClientConnection> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Received
        {
            get
            {
                lock (received)
                {
                    return received.Length;
                }
            }
        }

        public byte[] Snapshot()
        {
            lock (received)
            {
                return received.ToArray();
            }
        }

        public IConnectionSink OnConnected(IClientConnection connection)
        {
            Connected.TrySetResult(connection);
            return this;
        }

        public void OnRejected(IClientConnection connection, RejectReason reason) => throw new InvalidOperationException("unexpected refusal");

        public void OnData(ReadOnlyMemory<byte> chunk)
        {
            lock (received)
            {
                received.Write(chunk.Span);
            }
        }

        public void OnTlsEstablished()
        {
        }

        public void OnIdle()
        {
        }

        public void OnClosed()
        {
        }
    }
}
