using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>An IMAP client on a raw socket, for exact responses, pipelining and abrupt disconnects.</summary>
internal sealed class RawImap : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly RawLineReader _lines;
    private int _tag;

    private RawImap(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _lines = new RawLineReader(_stream, ImapTestSupport.Wait, 16384);
    }

    /// <summary>The client's address and port, as the server's session sees (and logs) it.</summary>
    public string LocalEndPoint => _socket.LocalEndPoint!.ToString()!;

    public static async Task<RawImap> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        var raw = new RawImap(socket);
        Assert.StartsWith("* OK", await raw.ReadLineAsync());
        return raw;
    }

    /// <summary>Connects, logs in and selects <paramref name="folder"/> (when given).</summary>
    public static async Task<RawImap> OpenAsync(TestNode node, string user, string? folder = "INBOX")
    {
        var raw = await ConnectAsync(node.Endpoint("imap"));
        await raw.OkAsync($"LOGIN {user} \"{ImapTestSupport.Password}\"");
        if (folder is not null) await raw.OkAsync("SELECT " + folder);
        return raw;
    }

    public async Task SendAsync(string text)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Sends a tagged command and returns every line up to and including the tagged completion.</summary>
    public async Task<List<string>> CommandAsync(string command)
    {
        var tag = "t" + ++_tag;
        await SendAsync(tag + " " + command + "\r\n");
        return await ReadUntilTaggedAsync(tag);
    }

    /// <summary>Like <see cref="CommandAsync"/>, asserting an OK completion.</summary>
    public async Task<List<string>> OkAsync(string command)
    {
        var lines = await CommandAsync(command);
        Assert.True(lines[^1].Split(' ')[1] == "OK", string.Join("\n", lines));
        return lines;
    }

    public string NextTag() => "t" + ++_tag;

    public async Task<List<string>> ReadUntilTaggedAsync(string tag)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync();
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal)) return lines;
        }
    }

    /// <summary>The next line without CRLF; throws when the server closed the connection first.</summary>
    public Task<string> ReadLineAsync() => _lines.ReadLineAsync();

    /// <summary>The next line, or null once the server closed the connection.</summary>
    public Task<string?> TryReadLineAsync() => _lines.TryReadLineAsync();

    /// <summary>Drops the connection without LOGOUT (RST).</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        return ValueTask.CompletedTask;
    }
}
