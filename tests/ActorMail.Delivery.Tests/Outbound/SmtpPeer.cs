using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorMail.Delivery.Tests.Outbound;

/// <summary>One transaction a peer received: MAIL and RCPT command lines and the message bytes.</summary>
internal sealed record PeerTransaction(string MailLine, IReadOnlyList<string> RcptLines, string Data);

/// <summary>How a scripted peer answers. Funcs get the address or the peer-wide transaction number (1-based).</summary>
internal sealed class PeerScript
{
    public string Greeting { get; init; } = "220 peer.test ESMTP";
    public bool Dsn { get; init; }
    public bool EightBitMime { get; init; } = true;
    public bool Auth { get; init; }
    public long? Size { get; init; }
    public Func<string, string>? Rcpt { get; init; }
    public Func<int, string>? DataReply { get; init; }
    public Func<int, bool>? DropMidData { get; init; }
    /// <summary>Never answers the end of DATA of these transactions.</summary>
    public Func<int, bool>? HangAfterData { get; init; }
}

/// <summary>
/// A small SMTP server on a real loopback socket that answers according to a <see cref="PeerScript"/>
/// (greeting, EHLO extensions, per-recipient and per-DATA replies, dropping the connection mid-DATA)
/// and records what it received.
/// </summary>
internal sealed class SmtpPeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly PeerScript _script;
    private readonly CancellationTokenSource _stop = new();
    private int _dataCount;
    private int _connections;

    private SmtpPeer(TcpListener listener, PeerScript script)
    {
        _listener = listener;
        _script = script;
        _ = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;
    public ConcurrentQueue<PeerTransaction> Transactions { get; } = new();
    public ConcurrentQueue<string> AuthPlain { get; } = new();
    public ConcurrentQueue<string> MailLines { get; } = new();
    public int Connections => Volatile.Read(ref _connections);
    /// <summary>DATA commands accepted so far.</summary>
    public int DataStarted => Volatile.Read(ref _dataCount);

    /// <summary>Starts one peer per address, all on one port (delivery.remote-port is shared).</summary>
    public static SmtpPeer[] StartGroup(params (string Ip, PeerScript Script)[] peers)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var started = new List<TcpListener>();
            try
            {
                int port = 0;
                foreach (var (ip, _) in peers)
                {
                    var l = new TcpListener(IPAddress.Parse(ip), port);
                    l.Start();
                    started.Add(l);
                    port = ((IPEndPoint)l.LocalEndpoint).Port;
                }
                return started.Select((l, i) => new SmtpPeer(l, peers[i].Script)).ToArray();
            }
            catch (SocketException)
            {
                foreach (var l in started) l.Stop();
            }
        }
        throw new InvalidOperationException("no common free port");
    }

    /// <summary>A free port on <paramref name="ip"/> with nothing listening (connections are refused).</summary>
    public static int RefusingPort(string ip)
    {
        var l = new TcpListener(IPAddress.Parse(ip), 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.Latin1);
            async Task Say(string line)
            {
                var b = Encoding.Latin1.GetBytes(line + "\r\n");
                await stream.WriteAsync(b, _stop.Token);
            }
            await Say(_script.Greeting);
            if (!_script.Greeting.StartsWith('2')) return;
            string? mail = null;
            var rcpts = new List<string>();
            int accepted = 0;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var upper = line.ToUpperInvariant();
                if (upper.StartsWith("EHLO", StringComparison.Ordinal))
                {
                    var ext = new List<string> { "peer.test", "ENHANCEDSTATUSCODES" };
                    if (_script.EightBitMime) ext.Add("8BITMIME");
                    if (_script.Size is { } size) ext.Add("SIZE " + size);
                    if (_script.Dsn) ext.Add("DSN");
                    if (_script.Auth) ext.Add("AUTH PLAIN");
                    for (int i = 0; i < ext.Count; i++) await Say((i == ext.Count - 1 ? "250 " : "250-") + ext[i]);
                }
                else if (upper.StartsWith("HELO", StringComparison.Ordinal)) await Say("250 peer.test");
                else if (upper.StartsWith("AUTH PLAIN", StringComparison.Ordinal))
                {
                    var initial = line.Length > 11 ? line[11..].Trim() : null;
                    if (string.IsNullOrEmpty(initial))
                    {
                        await Say("334 ");
                        initial = await reader.ReadLineAsync(_stop.Token) ?? "";
                    }
                    AuthPlain.Enqueue(Encoding.UTF8.GetString(Convert.FromBase64String(initial)));
                    await Say("235 2.7.0 authenticated");
                }
                else if (upper.StartsWith("MAIL FROM:", StringComparison.Ordinal))
                {
                    mail = line;
                    MailLines.Enqueue(line);
                    rcpts.Clear();
                    accepted = 0;
                    await Say("250 2.1.0 ok");
                }
                else if (upper.StartsWith("RCPT TO:", StringComparison.Ordinal))
                {
                    int lt = line.IndexOf('<'), gt = line.IndexOf('>');
                    var address = line[(lt + 1)..gt];
                    var reply = _script.Rcpt?.Invoke(address) ?? "250 2.1.5 ok";
                    if (reply.StartsWith('2'))
                    {
                        accepted++;
                        rcpts.Add(line);
                    }
                    await Say(reply);
                }
                else if (upper == "DATA")
                {
                    if (accepted == 0)
                    {
                        await Say("554 5.5.1 no valid recipients");
                        continue;
                    }
                    int n = Interlocked.Increment(ref _dataCount);
                    await Say("354 go ahead");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } d)
                    {
                        if (_script.DropMidData?.Invoke(n) == true) return;
                        if (d == ".") break;
                        data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                    }
                    if (_script.HangAfterData?.Invoke(n) == true) await Task.Delay(Timeout.Infinite, _stop.Token);
                    var answer = _script.DataReply?.Invoke(n) ?? "250 2.0.0 queued as " + n;
                    if (answer.StartsWith('2')) Transactions.Enqueue(new PeerTransaction(mail!, rcpts.ToList(), data.ToString()));
                    await Say(answer);
                    mail = null;
                }
                else if (upper == "RSET")
                {
                    mail = null;
                    rcpts.Clear();
                    accepted = 0;
                    await Say("250 2.0.0 ok");
                }
                else if (upper == "NOOP") await Say("250 2.0.0 ok");
                else if (upper == "QUIT")
                {
                    await Say("221 2.0.0 bye");
                    return;
                }
                else await Say("502 5.5.2 unknown command");
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away or the peer stops.
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
