using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;
using MailKit.Net.Pop3;
using MailKit.Security;

namespace ActorMail.IntegrationTests.Pop3;

/// <summary>Mail and clients for the POP3 tests.</summary>
internal static class Pop3TestSupport
{
    public const string Alice = "alice@" + TestNode.Domain;
    public const string Password = "correct horse";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>A message with lines that must be dot-stuffed ('.', '..x', '.' alone).</summary>
    public static byte[] DottedMessage(string subject) => Encoding.ASCII.GetBytes(
        $"From: bob@example.org\r\nTo: {Alice}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\n\r\n" +
        "first line\r\n.starts with a dot\r\n..two dots\r\n.\r\nsecond\r\nthird\r\nfourth\r\n");

    /// <summary>A message of about <paramref name="kib"/> KiB, larger than one streaming chunk when kib &gt; 64.</summary>
    public static byte[] LargeMessage(string subject, int kib)
    {
        var sb = new StringBuilder($"From: bob@example.org\r\nTo: {Alice}\r\nSubject: {subject}\r\n\r\n");
        int line = 0;
        while (sb.Length < kib * 1024)
        {
            sb.Append(line % 7 == 0 ? "." : "").Append("line ").Append(line++).Append(" lorem ipsum dolor sit amet consectetur\r\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Delivers through the ingest log (as `actormail deliver` does) and waits until INBOX holds it.</summary>
    public static async Task DeliverAsync(TestNode node, string to, byte[] message)
    {
        var key = to.ToLowerInvariant();
        int before = await CountAsync(node, key);
        var blob = await node.Host.Runtime.Blobs.PutAsync(message);
        await node.Host.Runtime.Summaries.PrimeAsync(blob, message);
        var request = new IngestRequest(new MailEnvelope(null, [new EnvelopeRecipient(MailAddress.Parse(to))]), blob, [key], []);
        var reply = await node.Host.Runtime.Ingest.Ask(request, Wait);
        Assert.IsType<IngestAccepted>(reply);
        var until = DateTime.UtcNow + Wait;
        while (await CountAsync(node, key) <= before)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the message did not reach INBOX");
            await Task.Delay(20);
        }
    }

    public static async Task<int> CountAsync(TestNode node, string account)
    {
        var resp = await node.Host.Runtime.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account.ToLowerInvariant(), new FolderStatusQuery(MailboxState.Inbox)), Wait);
        return resp.Result is FolderStatus s ? s.Messages : 0;
    }

    /// <summary>UIDs of INBOX, ascending.</summary>
    public static async Task<IReadOnlyList<uint>> UidsAsync(TestNode node, string account)
    {
        var resp = await node.Host.Runtime.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account.ToLowerInvariant(), new MessagePageQuery(MailboxState.Inbox, 1, uint.MaxValue)), Wait);
        return ((MessagePage)resp.Result).Messages.Select(m => m.Uid).ToList();
    }

    /// <summary>A MailKit client connected to the node's pop3 (or pop3s) listener, certificate accepted.</summary>
    public static async Task<Pop3Client> ConnectAsync(TestNode node, string listener = "pop3", SecureSocketOptions options = SecureSocketOptions.None)
    {
        var client = new Pop3Client { Timeout = (int)Wait.TotalMilliseconds, CheckCertificateRevocation = false };
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        var ep = node.Endpoint(listener);
        await client.ConnectAsync(ep.Address.ToString(), ep.Port, options);
        return client;
    }

    /// <summary>Logs in with USER/PASS (SASL mechanisms removed so MailKit falls back to them).</summary>
    public static async Task<Pop3Client> LoginUserPassAsync(TestNode node, string user = Alice, string password = Password)
    {
        var client = await ConnectAsync(node);
        client.AuthenticationMechanisms.Clear();
        await client.AuthenticateAsync(user, password);
        return client;
    }

    public static async Task<byte[]> RetrieveRawAsync(Pop3Client client, int index)
    {
        using var stream = await client.GetStreamAsync(index);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

/// <summary>A POP3 client on a raw socket, for what MailKit will not send: bad input, pipelining, injection.</summary>
internal sealed class RawPop3 : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly RawLineReader _lines;

    private RawPop3(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _lines = new RawLineReader(_stream, Pop3TestSupport.Wait, 8192);
    }

    /// <summary>Connects (from <paramref name="localAddress"/> when given) and reads the greeting.</summary>
    public static async Task<RawPop3> ConnectAsync(IPEndPoint server, IPAddress? localAddress = null, bool readGreeting = true)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (localAddress is not null) socket.Bind(new IPEndPoint(localAddress, 0));
        await socket.ConnectAsync(server);
        var raw = new RawPop3(socket);
        if (readGreeting) Assert.StartsWith("+OK", await raw.ReadLineAsync());
        return raw;
    }

    public async Task SendAsync(string text)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Sends one command line and returns the first reply line.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadLineAsync();
    }

    /// <summary>The next line without CRLF; throws when the server closed the connection first.</summary>
    public Task<string> ReadLineAsync() => _lines.ReadLineAsync();

    /// <summary>The next line, or null once the server closed the connection.</summary>
    public Task<string?> TryReadLineAsync() => _lines.TryReadLineAsync();

    /// <summary>Reads a multi-line answer's lines up to (without) the terminating ".", un-stuffed.</summary>
    public async Task<List<string>> ReadMultilineAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync();
            if (line == ".") return lines;
            lines.Add(line.StartsWith('.') ? line[1..] : line);
        }
    }

    /// <summary>Reads until the server closes; returns everything it sent meanwhile.</summary>
    public async Task<List<string>> ReadToCloseAsync()
    {
        var lines = new List<string>();
        while (await TryReadLineAsync() is { } line) lines.Add(line);
        return lines;
    }

    public async Task LoginAsync(string user = Pop3TestSupport.Alice, string password = Pop3TestSupport.Password)
    {
        Assert.StartsWith("+OK", await CommandAsync("USER " + user));
        Assert.StartsWith("+OK", await CommandAsync("PASS " + password));
    }

    /// <summary>Drops the connection without QUIT.</summary>
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
