using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace ActorMail.Transport.Tests.Support;

/// <summary>A raw TCP client with line reading and an in-place TLS upgrade; every wait is bounded.</summary>
internal sealed class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Socket socket;
    private readonly byte[] buffer = new byte[64 * 1024];
    private Stream stream;
    private int start;
    private int end;

    private TestClient(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: false);
    }

    public SslProtocols Protocol => stream is SslStream ssl ? ssl.SslProtocol : SslProtocols.None;

    public Socket Socket => socket;

    /// <summary>Connects to <paramref name="server"/>, from <paramref name="localAddress"/> when given.</summary>
    public static async Task<TestClient> ConnectAsync(IPEndPoint server, IPAddress? localAddress = null)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (localAddress is not null)
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
            }

            using var cts = new CancellationTokenSource(Timeout);
            await socket.ConnectAsync(server, cts.Token);
            return new TestClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task WriteAsync(string text)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cts.Token);
        await stream.FlushAsync(cts.Token);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken token)
    {
        await stream.WriteAsync(data, token);
        await stream.FlushAsync(token);
    }

    /// <summary>The next CRLF-terminated line without its terminator, or null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var index = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (index >= 0)
            {
                var line = Encoding.ASCII.GetString(buffer, start, index - start).TrimEnd('\r');
                start = index + 1;
                return line;
            }

            if (!await FillAsync(cts.Token))
            {
                return null;
            }
        }
    }

    /// <summary>Reads until the server closes the connection; returns the lines received meanwhile.</summary>
    public async Task<IReadOnlyList<string>> ReadUntilClosedAsync()
    {
        var lines = new List<string>();
        try
        {
            while (await ReadLineAsync() is { } line)
            {
                lines.Add(line);
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        return lines;
    }

    /// <summary>Starts TLS on the connection (implicit TLS or after a STARTTLS go-ahead).</summary>
    public async Task UpgradeAsync(SslProtocols protocols = SslProtocols.None)
    {
        Assert.Equal(start, end);
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        using var cts = new CancellationTokenSource(Timeout);
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            cts.Token);
        stream = ssl;
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        socket.Dispose();
    }

    private async Task<bool> FillAsync(CancellationToken token)
    {
        if (start == end)
        {
            start = end = 0;
        }
        else if (end == buffer.Length)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        var read = await stream.ReadAsync(buffer.AsMemory(end), token);
        end += read;
        return read > 0;
    }
}
