namespace ActorMail.Bench;

/// <summary>A loopback TCP connection that reads CRLF lines and writes raw bytes, each operation bounded by a timeout.</summary>
sealed class LineClient : IAsyncDisposable
{
    private readonly System.Net.Sockets.TcpClient _tcp;
    private readonly System.Net.Sockets.NetworkStream _stream;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buf = new byte[256 * 1024];
    private int _start, _end;

    private LineClient(System.Net.Sockets.TcpClient tcp, TimeSpan timeout)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _timeout = timeout;
    }

    public static async Task<LineClient> ConnectAsync(string host, int port, TimeSpan timeout)
    {
        var tcp = new System.Net.Sockets.TcpClient { NoDelay = true };
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await tcp.ConnectAsync(host, port, cts.Token);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new LineClient(tcp, timeout);
    }

    public async Task<string> ReadLineAsync()
    {
        using var cts = new CancellationTokenSource(_timeout);
        while (true)
        {
            int nl = Array.IndexOf(_buf, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                int len = nl - _start;
                if (len > 0 && _buf[nl - 1] == (byte)'\r') len--;
                var line = System.Text.Encoding.Latin1.GetString(_buf, _start, len);
                _start = nl + 1;
                return line;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buf.Length) throw new IOException("reply line longer than the buffer");
            int n = await _stream.ReadAsync(_buf.AsMemory(_end), cts.Token);
            if (n == 0) throw new IOException("connection closed by the server");
            _end += n;
        }
    }

    /// <summary>Reads one (possibly multi-line) SMTP reply: its code and last line.</summary>
    public async Task<(int Code, string Text)> SmtpReplyAsync()
    {
        string line;
        do line = await ReadLineAsync(); while (line.Length > 3 && line[3] == '-');
        return (line.Length >= 3 && int.TryParse(line.AsSpan(0, 3), out var code) ? code : 0, line);
    }

    public async Task WriteAsync(byte[] data)
    {
        using var cts = new CancellationTokenSource(_timeout);
        await _stream.WriteAsync(data, cts.Token);
    }

    /// <summary>Sends a closing command and reads its reply, ignoring a connection already gone.</summary>
    public async Task QuitAsync(string command)
    {
        try
        {
            await WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
            await ReadLineAsync();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
