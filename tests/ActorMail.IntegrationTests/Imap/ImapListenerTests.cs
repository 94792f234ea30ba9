using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>Listener settings: the per-IP connection limit shared by imap and imaps.</summary>
public sealed class ImapListenerTests
{
    [Fact]
    public async Task Connections_over_the_per_ip_limit_get_bye_and_are_closed()
    {
        await using var node = await StartAsync(Listen.AllImap, new Dictionary<string, string> { ["ACTORMAIL__IMAP__MAX_CONNECTIONS_PER_IP"] = "1" });
        await using var first = await RawImap.OpenAsync(node, Alice);

        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(node.Endpoint("imap"));
        using var stream = new System.Net.Sockets.NetworkStream(socket);
        using var reader = new StreamReader(stream);
        using var cts = new CancellationTokenSource(Wait);
        Assert.Equal("* BYE [UNAVAILABLE] Too many connections", await reader.ReadLineAsync(cts.Token));
        Assert.Null(await reader.ReadLineAsync(cts.Token));

        // The first connection is untouched.
        await first.OkAsync("NOOP");
    }
}
