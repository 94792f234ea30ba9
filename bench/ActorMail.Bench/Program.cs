using Serilog;
using System.Diagnostics;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Host.Node;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Storage.Persistence;
using Akka.Actor;

// Durable write path benchmark (issue "ActorMail core"):
//   ingest   N messages of SIZE bytes from P producers into M mailboxes; each producer awaits the
//            durable acknowledgement (blob group commit + ingest log commit) before its next message.
//   recovery one mailbox holding K messages: time from a cold start to its first answer.
// Usage: dotnet run -c Release --project bench/ActorMail.Bench -- ingest [--messages 20000] [--producers 20] [--mailboxes 100] [--size 10240] [--mode node|tool]
//        dotnet run -c Release --project bench/ActorMail.Bench -- recovery [--messages 100000]
//        ... -- smtp-latency [--smtp-port 12525] [--pop3-port 12110] [--sessions 20] [--messages 5000] [--users 100] [--size 10240]
//        ... -- idle-exists [--imap-port 12143] [--smtp-port 12525] [--clients 1000] [--users 100] [--first-user 1]
//        ... -- seed --mbox FILE [--users 20] [--first-user 21] [--per-user 500] [--sessions 8] [--smtp-port 12525] [--pop3-port 12110]
var argv = args.ToList();
string Opt(string name, string def)
{
    int i = argv.IndexOf(name);
    return i >= 0 && i + 1 < argv.Count ? argv[i + 1] : def;
}
var what = argv.FirstOrDefault() ?? "ingest";
// Protocol-level sub-commands talk to a running server over loopback sockets and need no data folder.
if (what is "smtp-latency" or "seed") return await ProtocolLoad.RunAsync(what, Opt);
if (what is "idle-exists") return await IdleExists.RunAsync(Opt);
var dir = Opt("--dir", Path.Combine(Path.GetTempPath(), "actormail-bench-" + Guid.NewGuid().ToString("N")[..8]));
Directory.CreateDirectory(dir);
var conn = $"Data Source={Path.Combine(dir, "actormail.db")}";
var mode = Opt("--mode", "node") == "tool" ? RuntimeMode.Tool : RuntimeMode.Node;
Serilog.Log.Logger = new Serilog.LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console().CreateLogger();

try
{
    if (what == "ingest") await Ingest();
    else if (what == "recovery") await Recovery();
    else Console.Error.WriteLine("usage: ingest|recovery|smtp-latency|seed");
}
finally
{
    if (!argv.Contains("--keep")) Directory.Delete(dir, true);
}
return 0;

async Task Ingest()
{
    int messages = int.Parse(Opt("--messages", "20000"));
    int producers = int.Parse(Opt("--producers", "20"));
    int mailboxes = int.Parse(Opt("--mailboxes", "100"));
    int size = int.Parse(Opt("--size", "10240"));
    await using var rt = await NodeRuntime.StartAsync(mode, dir, StoreProvider.Sqlite, conn, "127.0.0.1", 0, SystemClock.Instance, CancellationToken.None);
    var accounts = Enumerable.Range(1, mailboxes).Select(i => $"u{i}@bench.test").ToArray();
    // Warm up: wake every mailbox entity once.
    await Task.WhenAll(accounts.Select(a => rt.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(a, new FolderStatusQuery("INBOX")), TimeSpan.FromSeconds(60))));
    var latencies = new double[messages];
    int next = -1;
    var template = new byte[size];
    new Random(42).NextBytes(template);
    for (int i = 0; i < template.Length; i++) template[i] = (byte)(32 + template[i] % 90);
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
    {
        while (true)
        {
            int n = Interlocked.Increment(ref next);
            if (n >= messages) return;
            var body = (byte[])template.Clone();
            var tag = System.Text.Encoding.ASCII.GetBytes($"Message-ID: <{n}.{p}@bench>\r\n");
            Buffer.BlockCopy(tag, 0, body, 0, tag.Length);
            var t0 = Stopwatch.GetTimestamp();
            var blob = await rt.Blobs.PutAsync(body);
            await rt.Summaries.PrimeAsync(blob, body);
            var rcpt = accounts[n % accounts.Length];
            var env = new MailEnvelope(MailAddress.Parse("sender@bench.test"), new[] { new EnvelopeRecipient(MailAddress.Parse(rcpt)) });
            var reply = await rt.Ingest.Ask(new IngestRequest(env, blob, new[] { rcpt }, Array.Empty<EnvelopeRecipient>()), TimeSpan.FromSeconds(60));
            if (reply is not IngestAccepted) throw new InvalidOperationException("rejected: " + reply);
            latencies[n] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
    })));
    var acked = sw.Elapsed;
    // Wait until every message is visible in its mailbox.
    long visible = 0;
    while (true)
    {
        var counts = await Task.WhenAll(accounts.Select(a => rt.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(a, new FolderStatusQuery("INBOX")), TimeSpan.FromSeconds(60))));
        visible = counts.Sum(c => (long)((c.Result as FolderStatus)?.Messages ?? 0));
        if (visible >= messages || sw.Elapsed > acked + TimeSpan.FromMinutes(5)) break;
        await Task.Delay(50);
    }
    var all = sw.Elapsed;
    Array.Sort(latencies);
    Console.WriteLine($"ingest: {messages} x {size} B, {producers} producers, {mailboxes} mailboxes, mode {mode}");
    Console.WriteLine($"  acknowledged: {messages / acked.TotalSeconds:F0} msg/s  (p50 {latencies[messages / 2]:F1} ms, p99 {latencies[(int)(messages * 0.99)]:F1} ms)");
    Console.WriteLine($"  in mailboxes: {visible / all.TotalSeconds:F0} msg/s  ({visible} visible after {all.TotalSeconds:F1} s)");
    Console.WriteLine($"  blob fsyncs: {rt.Blobs.SyncCount} for {rt.Blobs.Count} blobs");
}

async Task Recovery()
{
    int messages = int.Parse(Opt("--messages", "100000"));
    const string account = "big@bench.test";
    var blobRef = new BlobRef(new string('a', 64), 10240);
    {
        await using var rt = await NodeRuntime.StartAsync(RuntimeMode.Tool, dir, StoreProvider.Sqlite, conn, "127.0.0.1", 0, SystemClock.Instance, CancellationToken.None);
        var sw = Stopwatch.StartNew();
        const int window = 2000;
        for (int start = 0; start < messages; start += window)
        {
            int count = Math.Min(window, messages - start);
            await Task.WhenAll(Enumerable.Range(start, count).Select(i =>
                rt.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, new DeliverMessage("fill:" + i, blobRef, blobRef.Length, DateTimeOffset.UtcNow)), TimeSpan.FromSeconds(120))));
        }
        Console.WriteLine($"recovery: filled {messages} messages in {sw.Elapsed.TotalSeconds:F1} s ({messages / sw.Elapsed.TotalSeconds:F0} msg/s into one mailbox)");
    }
    for (int run = 0; run < 3; run++)
    {
        await using var rt = await NodeRuntime.StartAsync(RuntimeMode.Tool, dir, StoreProvider.Sqlite, conn, "127.0.0.1", 0, SystemClock.Instance, CancellationToken.None);
        var sw = Stopwatch.StartNew();
        var resp = await rt.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, new FolderStatusQuery("INBOX")), TimeSpan.FromSeconds(120));
        Console.WriteLine($"  run {run + 1}: recovered {(resp.Result as FolderStatus)?.Messages} messages in {sw.Elapsed.TotalMilliseconds:F0} ms");
    }
}

/// <summary>
/// Protocol-level load against a running SMTP/POP3 server on loopback (ActorMail or the reference pair):
/// <c>smtp-latency</c> sends fixed-size messages over persistent pipelined SMTP sessions spread over many
/// local users and times each final 250; <c>seed</c> delivers an mbox's messages to users over SMTP.
/// Both count the delivered messages afterwards with POP3 STAT, so a message only counts once it is readable.
/// </summary>
static class ProtocolLoad
{
    private sealed record Options(string Host, int SmtpPort, int Pop3Port, string Domain, string Password, string Sender, TimeSpan IoTimeout);

    public static async Task<int> RunAsync(string what, Func<string, string, string> opt)
    {
        var o = new Options(opt("--host", "127.0.0.1"), int.Parse(opt("--smtp-port", "12525")), int.Parse(opt("--pop3-port", "12110")),
            opt("--domain", "bench.test"), opt("--password", "pass"), opt("--sender", "a@bench.test"),
            TimeSpan.FromSeconds(double.Parse(opt("--io-timeout", "60"), System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            return what == "seed" ? await SeedAsync(o, opt) : await LatencyAsync(o, opt);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{what}: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    // smtp-latency: N sessions, M messages of SIZE bytes round-robin over U users; accepted msgs/s and the
    // latency from the final "." to its 250; then delivered msgs/s (POP3 STAT) and a RETR of every new message.
    private static async Task<int> LatencyAsync(Options o, Func<string, string, string> opt)
    {
        int sessions = int.Parse(opt("--sessions", "20"));
        int messages = int.Parse(opt("--messages", "5000"));
        int userCount = int.Parse(opt("--users", "100"));
        int firstUser = int.Parse(opt("--first-user", "1"));
        int size = int.Parse(opt("--size", "10240"));
        var maxSecs = TimeSpan.FromSeconds(double.Parse(opt("--max-secs", "300"), System.Globalization.CultureInfo.InvariantCulture));
        var deliverTimeout = TimeSpan.FromSeconds(double.Parse(opt("--deliver-timeout", "300"), System.Globalization.CultureInfo.InvariantCulture));
        var users = Enumerable.Range(firstUser, userCount).Select(i => $"u{i}@{o.Domain}").ToArray();
        var tag = Guid.NewGuid().ToString("N")[..12];

        var before = await CountAllAsync(o, users);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        int next = -1, errors = 0;
        var firstErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => Task.Run(async () =>
        {
            LineClient? c = null;
            int myErrors = 0;
            try
            {
                while (sw.Elapsed < maxSecs && myErrors < 20)
                {
                    int n = Interlocked.Increment(ref next);
                    if (n >= messages) return;
                    var to = users[n % users.Length];
                    try
                    {
                        c ??= await OpenSmtpAsync(o);
                        var (ok, ms, err) = await SendAsync(c, o.Sender, to, MakeMessage(tag, n, to, o.Sender, size));
                        if (ok) latencies.Add(ms);
                        else { myErrors++; Interlocked.Increment(ref errors); if (firstErrors.Count < 5) firstErrors.Enqueue(err); }
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                    {
                        myErrors++;
                        Interlocked.Increment(ref errors);
                        if (firstErrors.Count < 5) firstErrors.Enqueue(e.Message);
                        if (c != null) await c.DisposeAsync();
                        c = null;
                    }
                }
            }
            finally
            {
                if (c != null) { await c.QuitAsync("QUIT"); await c.DisposeAsync(); }
            }
        })));
        var acceptSecs = sw.Elapsed.TotalSeconds;
        int accepted = latencies.Count;
        var (delivered, deliverSecs) = await AwaitDeliveryAsync(o, users, before, accepted, sw, deliverTimeout);
        int readable = (await Task.WhenAll(Partition(users.Select((u, i) => (u, i)), 10, async x => await CountTaggedAsync(o, x.u, before[x.i], tag)))).Sum();
        var sorted = latencies.OrderBy(x => x).ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
        var result = new Dictionary<string, object>
        {
            ["smtp_port"] = o.SmtpPort, ["sessions"] = sessions, ["messages"] = messages, ["users"] = userCount, ["size"] = size,
            ["accepted"] = accepted, ["errors"] = errors, ["accept_secs"] = Math.Round(acceptSecs, 3),
            ["accepted_msgs_per_s"] = Math.Round(accepted / acceptSecs, 1),
            ["p50_ms"] = Math.Round(P(0.50), 2), ["p90_ms"] = Math.Round(P(0.90), 2), ["p99_ms"] = Math.Round(P(0.99), 2), ["max_ms"] = Math.Round(P(1.0), 2),
            ["delivered"] = delivered, ["end_to_end_secs"] = Math.Round(deliverSecs, 3),
            ["delivered_msgs_per_s"] = Math.Round(delivered / deliverSecs, 1), ["readable"] = readable,
            ["complete"] = delivered >= accepted && readable == accepted && accepted == messages,
            ["first_errors"] = firstErrors.ToArray(),
        };
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(result));
        return accepted == messages && readable == accepted ? 0 : 2;
    }

    // seed: every user gets the first PER-USER messages of the mbox, in order, over SMTP; waits until POP3 shows them.
    private static async Task<int> SeedAsync(Options o, Func<string, string, string> opt)
    {
        int userCount = int.Parse(opt("--users", "20"));
        int firstUser = int.Parse(opt("--first-user", "21"));
        int perUser = int.Parse(opt("--per-user", "500"));
        int sessions = int.Parse(opt("--sessions", "8"));
        var mbox = opt("--mbox", "/tmp/bench.mbox");
        var deliverTimeout = TimeSpan.FromSeconds(double.Parse(opt("--deliver-timeout", "600"), System.Globalization.CultureInfo.InvariantCulture));
        var msgs = ReadMbox(mbox, perUser);
        if (msgs.Count < perUser) throw new InvalidOperationException($"{mbox} has only {msgs.Count} messages");
        var users = Enumerable.Range(firstUser, userCount).Select(i => $"u{i}@{o.Domain}").ToArray();
        var before = await CountAllAsync(o, users);
        var jobs = new System.Collections.Concurrent.ConcurrentQueue<string>(users);
        long bytes = 0;
        int sent = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(sessions, users.Length)).Select(_ => Task.Run(async () =>
        {
            await using var c = await OpenSmtpAsync(o);
            while (jobs.TryDequeue(out var user))
            {
                foreach (var m in msgs)
                {
                    var (ok, _, err) = await SendAsync(c, o.Sender, user, m);
                    if (!ok) throw new InvalidOperationException($"seed {user}: {err}");
                    Interlocked.Add(ref bytes, m.Length);
                    Interlocked.Increment(ref sent);
                }
            }
            await c.QuitAsync("QUIT");
        })));
        var sendSecs = sw.Elapsed.TotalSeconds;
        var (delivered, secs) = await AwaitDeliveryAsync(o, users, before, sent, sw, deliverTimeout);
        var result = new Dictionary<string, object>
        {
            ["users"] = userCount, ["sent"] = sent, ["mbytes"] = Math.Round(bytes / 1e6, 1), ["send_secs"] = Math.Round(sendSecs, 3),
            ["delivered"] = delivered, ["secs"] = Math.Round(secs, 3), ["msgs_per_s"] = Math.Round(delivered / secs, 1),
            ["complete"] = delivered == sent,
        };
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(result));
        return delivered == sent ? 0 : 2;
    }

    // Polls POP3 STAT of every user until `expected` new messages are there or the deadline passes.
    private static async Task<(int Delivered, double Secs)> AwaitDeliveryAsync(Options o, string[] users, int[] before, int expected,
        Stopwatch sw, TimeSpan timeout)
    {
        var deadline = sw.Elapsed + timeout;
        int delivered = 0;
        while (true)
        {
            var now = await CountAllAsync(o, users);
            delivered = now.Select((n, i) => n - before[i]).Sum();
            if (delivered >= expected || sw.Elapsed > deadline) return (delivered, sw.Elapsed.TotalSeconds);
            await Task.Delay(100);
        }
    }

    private static async Task<int[]> CountAllAsync(Options o, string[] users) =>
        await Task.WhenAll(Partition(users, 10, u => Pop3CountAsync(o, u)));

    // Runs f over items with at most `width` in flight, keeping the order of the results.
    private static IEnumerable<Task<TR>> Partition<T, TR>(IEnumerable<T> items, int width, Func<T, Task<TR>> f)
    {
        var gate = new SemaphoreSlim(width);
        return items.Select(async x =>
        {
            await gate.WaitAsync();
            try { return await f(x); }
            finally { gate.Release(); }
        }).ToArray();
    }

    private static async Task<LineClient> OpenSmtpAsync(Options o)
    {
        var c = await LineClient.ConnectAsync(o.Host, o.SmtpPort, o.IoTimeout);
        var (code, text) = await c.SmtpReplyAsync();
        if (code != 220) throw new InvalidOperationException("greeting: " + text);
        await c.WriteAsync("EHLO client.bench.test\r\n"u8.ToArray());
        (code, text) = await c.SmtpReplyAsync();
        if (code != 250) throw new InvalidOperationException("EHLO: " + text);
        return c;
    }

    // One pipelined transaction (MAIL, RCPT, DATA in one write); `message` is already dot-stuffed and ends in CRLF.
    // Returns the time from sending the final "." to reading its reply.
    private static async Task<(bool Ok, double Ms, string Error)> SendAsync(LineClient c, string from, string to, byte[] message)
    {
        await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"MAIL FROM:<{from}>\r\nRCPT TO:<{to}>\r\nDATA\r\n"));
        var mail = await c.SmtpReplyAsync();
        var rcpt = await c.SmtpReplyAsync();
        var data = await c.SmtpReplyAsync();
        if (data.Code != 354)
        {
            await c.WriteAsync("RSET\r\n"u8.ToArray());
            await c.SmtpReplyAsync();
            return (false, 0, $"MAIL {mail.Text} / RCPT {rcpt.Text} / DATA {data.Text}");
        }
        await c.WriteAsync(message);
        long t0 = Stopwatch.GetTimestamp();
        await c.WriteAsync(".\r\n"u8.ToArray());
        var end = await c.SmtpReplyAsync();
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        return (end.Code == 250, ms, end.Code == 250 ? "" : "end of DATA: " + end.Text);
    }

    private static byte[] MakeMessage(string tag, int n, string to, string from, int size)
    {
        var sb = new System.Text.StringBuilder(size + 100);
        sb.Append($"From: <{from}>\r\nTo: <{to}>\r\nSubject: bench {n}\r\nMessage-ID: <{tag}.{n}@bench.test>\r\nX-Bench-Run: {tag}\r\n\r\n");
        const string filler = "The quick brown fox jumps over the lazy dog while the mail server keeps every byte. ";
        int i = 0;
        while (sb.Length < size - 2)
        {
            int len = Math.Min(76, size - 2 - sb.Length);
            for (int k = 0; k < len; k++) sb.Append(filler[(i + k) % filler.Length]);
            i += 7;
            sb.Append("\r\n");
        }
        return System.Text.Encoding.ASCII.GetBytes(sb.ToString());
    }

    // The messages of an mbox as CRLF text, ">From " unescaped and dot-stuffed for DATA.
    private static List<byte[]> ReadMbox(string path, int limit)
    {
        var result = new List<byte[]>();
        System.Text.StringBuilder? cur = null;
        foreach (var raw in File.ReadLines(path, System.Text.Encoding.Latin1))
        {
            if (raw.StartsWith("From ", StringComparison.Ordinal))
            {
                if (cur != null) result.Add(System.Text.Encoding.Latin1.GetBytes(cur.ToString()));
                if (result.Count >= limit) return result;
                cur = new System.Text.StringBuilder();
                continue;
            }
            if (cur == null) continue;
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(">From ", StringComparison.Ordinal)) line = line[1..];
            if (line.StartsWith('.')) cur.Append('.');
            cur.Append(line).Append("\r\n");
        }
        if (cur != null && result.Count < limit) result.Add(System.Text.Encoding.Latin1.GetBytes(cur.ToString()));
        return result;
    }

    private static async Task<LineClient> Pop3LoginAsync(Options o, string user)
    {
        for (int attempt = 0; ; attempt++)
        {
            var c = await LineClient.ConnectAsync(o.Host, o.Pop3Port, o.IoTimeout);
            string reply = await c.ReadLineAsync();
            if (reply.StartsWith("+OK", StringComparison.Ordinal))
            {
                await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"USER {user}\r\n"));
                reply = await c.ReadLineAsync();
                if (reply.StartsWith("+OK", StringComparison.Ordinal))
                {
                    await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"PASS {o.Password}\r\n"));
                    reply = await c.ReadLineAsync();
                    if (reply.StartsWith("+OK", StringComparison.Ordinal)) return c;
                }
            }
            await c.DisposeAsync();
            // A maildrop still locked by a session that is closing answers -ERR [IN-USE]: retry, bounded.
            if (attempt >= 50) throw new InvalidOperationException($"POP3 login {user}: {reply}");
            await Task.Delay(100);
        }
    }

    private static async Task<int> Pop3CountAsync(Options o, string user)
    {
        await using var c = await Pop3LoginAsync(o, user);
        await c.WriteAsync("STAT\r\n"u8.ToArray());
        var stat = await c.ReadLineAsync();
        var parts = stat.Split(' ');
        if (parts.Length < 2 || parts[0] != "+OK") throw new InvalidOperationException($"STAT {user}: {stat}");
        await c.QuitAsync("QUIT");
        return int.Parse(parts[1]);
    }

    // RETRs every message after the first `skip` and counts those carrying this run's X-Bench-Run tag.
    private static async Task<int> CountTaggedAsync(Options o, string user, int skip, string tag)
    {
        await using var c = await Pop3LoginAsync(o, user);
        await c.WriteAsync("STAT\r\n"u8.ToArray());
        int n = int.Parse((await c.ReadLineAsync()).Split(' ')[1]);
        int found = 0;
        var marker = "X-Bench-Run: " + tag;
        for (int i = skip + 1; i <= n; i++)
        {
            await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"RETR {i}\r\n"));
            var first = await c.ReadLineAsync();
            if (!first.StartsWith("+OK", StringComparison.Ordinal)) continue;
            bool hit = false;
            for (var line = await c.ReadLineAsync(); line != "."; line = await c.ReadLineAsync())
                if (!hit && line == marker) hit = true;
            if (hit) found++;
        }
        await c.QuitAsync("QUIT");
        return found;
    }
}

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

/// <summary>
/// idle-exists: N IMAP clients log in, select INBOX and IDLE; then one message is sent over SMTP to
/// each of their users; every client must see its untagged EXISTS within a second of the 250.
/// Prints how many did, and the p50/p99/max delay. Exit 0 only when all did.
/// </summary>
static class IdleExists
{
    public static async Task<int> RunAsync(Func<string, string, string> opt)
    {
        string host = opt("--host", "127.0.0.1"), domain = opt("--domain", "bench.test"), password = opt("--password", "pass");
        int imapPort = int.Parse(opt("--imap-port", "12143")), smtpPort = int.Parse(opt("--smtp-port", "12525"));
        int clients = int.Parse(opt("--clients", "1000")), users = int.Parse(opt("--users", "100")), first = int.Parse(opt("--first-user", "1"));
        var timeout = TimeSpan.FromSeconds(60);
        var idlers = new LineClient[clients];
        var userOf = Enumerable.Range(0, clients).Select(i => $"u{first + i % users}@{domain}").ToArray();
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var c = await LineClient.ConnectAsync(host, imapPort, timeout);
                await c.ReadLineAsync();
                await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"a LOGIN {userOf[i]} {password}\r\nb SELECT INBOX\r\nc IDLE\r\n"));
                string line;
                do line = await c.ReadLineAsync(); while (!line.StartsWith('+'));
                idlers[i] = c;
            }
            finally
            {
                gate.Release();
            }
        }));
        Console.Error.WriteLine($"idle-exists: {clients} clients idling");

        // One message per user; remember when its 250 arrived.
        var acked = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var watchers = Enumerable.Range(0, clients).Select(async i =>
        {
            var c = idlers[i];
            while (true)
            {
                var line = await c.ReadLineAsync();
                if (line.StartsWith("* ", StringComparison.Ordinal) && line.EndsWith(" EXISTS", StringComparison.Ordinal))
                    return (User: userOf[i], At: Stopwatch.GetTimestamp());
            }
        }).ToArray();
        var smtp = await LineClient.ConnectAsync(host, smtpPort, timeout);
        await smtp.SmtpReplyAsync();
        await smtp.WriteAsync("EHLO bench.test\r\n"u8.ToArray());
        await smtp.SmtpReplyAsync();
        foreach (var user in userOf.Distinct())
        {
            await smtp.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                $"MAIL FROM:<a@{domain}>\r\nRCPT TO:<{user}>\r\nDATA\r\n"));
            await smtp.SmtpReplyAsync(); await smtp.SmtpReplyAsync(); await smtp.SmtpReplyAsync();
            await smtp.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"Subject: idle check\r\n\r\nfor {user}\r\n.\r\n"));
            var (code, text) = await smtp.SmtpReplyAsync();
            if (code != 250) throw new InvalidOperationException("SMTP: " + text);
            acked[user] = Stopwatch.GetTimestamp();
        }
        await smtp.QuitAsync("QUIT");
        var seen = await Task.WhenAll(watchers.Select(async w =>
        {
            try { return await w.WaitAsync(TimeSpan.FromSeconds(30)); }
            catch (Exception e) when (e is TimeoutException or IOException or OperationCanceledException) { return (User: "", At: 0L); }
        }));
        var delays = seen.Where(s => s.At != 0)
            .Select(s => Math.Max(0, Stopwatch.GetElapsedTime(acked[s.User], s.At).TotalMilliseconds)).OrderBy(d => d).ToArray();
        int withinSecond = delays.Count(d => d <= 1000);
        double P(double q) => delays.Length == 0 ? double.NaN : delays[Math.Min(delays.Length - 1, (int)(delays.Length * q))];
        Console.WriteLine($"{{\"clients\": {clients}, \"exists_seen\": {delays.Length}, \"within_1s\": {withinSecond}, " +
            $"\"p50_ms\": {P(0.5):F1}, \"p99_ms\": {P(0.99):F1}, \"max_ms\": {(delays.Length == 0 ? double.NaN : delays[^1]):F1}}}");
        foreach (var c in idlers) await c.DisposeAsync();
        return withinSecond == clients ? 0 : 1;
    }
}
