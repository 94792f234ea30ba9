using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ActorMail.Host.Tests.Support;

/// <summary>How a <see cref="SmtpReceiver"/> secures its connections.</summary>
public enum ReceiverTls
{
    /// <summary>Plain text, no STARTTLS offered.</summary>
    None,

    /// <summary>Plain text until the client issues STARTTLS (offered in EHLO).</summary>
    StartTls,

    /// <summary>TLS from the first byte (RFC 8314).</summary>
    Implicit,
}

/// <summary>One message a receiver accepted (recorded before its final 250 is written).</summary>
public sealed record ReceivedMessage(string? MessageId, IReadOnlyList<string> Recipients, string MailFrom, SslProtocols Protocol);

/// <summary>One AUTH PLAIN exchange a receiver saw, and whether it came over TLS.</summary>
public sealed record ReceivedAuth(string User, string Password, bool OverTls);

/// <summary>
/// A relay on a real loopback socket for outbound tests: EHLO, optional STARTTLS or implicit TLS with
/// the given certificate, AUTH PLAIN (offered and accepted only over TLS when TLS is on; with
/// <see cref="RequireAuth"/> MAIL needs it), MAIL/RCPT/DATA/RSET/NOOP/QUIT. Every accepted message is
/// recorded before the final reply to DATA, which can be delayed to keep transactions in flight.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public SmtpReceiver(ReceiverTls tls = ReceiverTls.None, X509Certificate2? certificate = null, bool requireAuth = false, TimeSpan? dataDelay = null)
    {
        if (tls != ReceiverTls.None && certificate is null) throw new ArgumentException("TLS needs a certificate", nameof(certificate));
        Tls = tls;
        Certificate = certificate;
        RequireAuth = requireAuth;
        DataDelay = dataDelay ?? TimeSpan.Zero;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public ReceiverTls Tls { get; }
    public X509Certificate2? Certificate { get; }
    public bool RequireAuth { get; }
    public TimeSpan DataDelay { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();
    public ConcurrentQueue<ReceivedAuth> Auths { get; } = new();

    /// <summary>Commands refused because they came before TLS or AUTH (AUTH in clear, MAIL unauthenticated).</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every (Message-ID, recipient) pair accepted so far, once per acceptance.</summary>
    public IReadOnlyList<(string? MessageId, string Recipient)> Deliveries() =>
        Messages.SelectMany(m => m.Recipients.Select(r => (m.MessageId, r))).ToList();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task<SslStream> HandshakeAsync(Stream inner)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = Certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        }, _stop.Token);
        return ssl;
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        try
        {
            if (Tls == ReceiverTls.Implicit) stream = await HandshakeAsync(stream);
            var reader = new LineReader(stream);
            bool authenticated = false;
            string? mailFrom = null;
            var rcpts = new List<string>();
            async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), _stop.Token);
            bool OverTls() => stream is SslStream;
            SslProtocols Protocol() => stream is SslStream s ? s.SslProtocol : SslProtocols.None;

            await Say("220 relay.test ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var upper = line.ToUpperInvariant();
                if (upper.StartsWith("EHLO", StringComparison.Ordinal))
                {
                    var ext = new List<string> { "relay.test", "8BITMIME", "ENHANCEDSTATUSCODES" };
                    if (Tls == ReceiverTls.StartTls && !OverTls()) ext.Add("STARTTLS");
                    if (Tls == ReceiverTls.None || OverTls()) ext.Add("AUTH PLAIN");
                    for (int i = 0; i < ext.Count; i++) await Say((i == ext.Count - 1 ? "250 " : "250-") + ext[i]);
                }
                else if (upper.StartsWith("HELO", StringComparison.Ordinal)) await Say("250 relay.test");
                else if (upper == "STARTTLS" && Tls == ReceiverTls.StartTls && !OverTls())
                {
                    if (reader.Buffered) return; // commands pipelined behind STARTTLS: never executed
                    await Say("220 2.0.0 ready to start TLS");
                    stream = await HandshakeAsync(stream);
                    reader = new LineReader(stream);
                    authenticated = false;
                    mailFrom = null;
                    rcpts.Clear();
                }
                else if (upper.StartsWith("AUTH", StringComparison.Ordinal))
                {
                    if (Tls != ReceiverTls.None && !OverTls())
                    {
                        Refused.Enqueue(line);
                        await Say("530 5.7.0 Must issue a STARTTLS command first");
                        continue;
                    }
                    if (!upper.StartsWith("AUTH PLAIN", StringComparison.Ordinal))
                    {
                        await Say("504 5.5.4 mechanism not supported");
                        continue;
                    }
                    var initial = line.Length > 11 ? line[11..].Trim() : "";
                    if (initial.Length == 0)
                    {
                        await Say("334 ");
                        initial = await reader.ReadLineAsync(_stop.Token) ?? "";
                    }
                    var parts = Encoding.UTF8.GetString(Convert.FromBase64String(initial)).Split('\0');
                    Auths.Enqueue(new ReceivedAuth(parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? parts[2] : "", OverTls()));
                    authenticated = true;
                    await Say("235 2.7.0 authenticated");
                }
                else if (upper.StartsWith("MAIL FROM:", StringComparison.Ordinal))
                {
                    if (RequireAuth && !authenticated)
                    {
                        Refused.Enqueue(line);
                        await Say("530 5.7.0 Authentication required");
                        continue;
                    }
                    mailFrom = line;
                    rcpts.Clear();
                    await Say("250 2.1.0 ok");
                }
                else if (upper.StartsWith("RCPT TO:", StringComparison.Ordinal))
                {
                    if (mailFrom is null)
                    {
                        await Say("503 5.5.1 MAIL first");
                        continue;
                    }
                    int lt = line.IndexOf('<'), gt = line.IndexOf('>');
                    rcpts.Add(line[(lt + 1)..gt].ToLowerInvariant());
                    await Say("250 2.1.5 ok");
                }
                else if (upper == "DATA")
                {
                    if (mailFrom is null || rcpts.Count == 0)
                    {
                        await Say("503 5.5.1 no valid recipients");
                        continue;
                    }
                    await Say("354 go ahead");
                    string? messageId = null;
                    bool inHeader = true;
                    bool complete = false;
                    while (await reader.ReadLineAsync(_stop.Token) is { } d)
                    {
                        if (d == ".")
                        {
                            complete = true;
                            break;
                        }
                        if (d.Length == 0) inHeader = false;
                        else if (inHeader && messageId is null && d.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
                            messageId = d["Message-ID:".Length..].Trim().Trim('<', '>');
                    }
                    if (!complete) return;
                    if (DataDelay > TimeSpan.Zero) await Task.Delay(DataDelay, _stop.Token);
                    Messages.Enqueue(new ReceivedMessage(messageId, rcpts.ToList(), mailFrom, Protocol()));
                    await Say("250 2.0.0 queued");
                    mailFrom = null;
                    rcpts.Clear();
                }
                else if (upper == "RSET")
                {
                    mailFrom = null;
                    rcpts.Clear();
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
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or AuthenticationException)
        {
            // The client went away, failed its handshake, or the receiver stops.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>Buffered CRLF lines; <see cref="Buffered"/> tells whether bytes beyond the last line were read.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public bool Buffered => _end > _start;

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer, ct);
                    if (_end == 0) return null;
                }
                int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                int stop = nl < 0 ? _end : nl;
                for (int i = _start; i < stop; i++) line.Add(_buffer[i]);
                _start = nl < 0 ? _end : nl + 1;
                if (nl < 0) continue;
                if (line.Count > 0 && line[^1] == '\r') line.RemoveAt(line.Count - 1);
                return Encoding.Latin1.GetString(line.ToArray());
            }
        }
    }
}
