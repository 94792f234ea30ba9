using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ActorMail.Mailboxes.Actors;
using Akka.Actor;
using MailKit.Security;
using MimeKit;
using Xunit.Abstractions;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>
/// Large messages over real sockets: DATA and BDAT are spooled (memory up to 1 MiB, then a temporary file
/// under data-dir/tmp that no longer has a name), limits and the header checks still apply to spooled
/// messages, and the spool goes with the transaction, the session, or the next start.
/// </summary>
[Collection("serial")]
public sealed class SmtpSpoolTests(ITestOutputHelper output)
{
    private const string User = "big@example.test";

    // the spool writes its file through a buffer of up to 1 MiB: the file lags the data by at most that
    private const long SpoolBuffer = 1024 * 1024;

    [Fact]
    public async Task A50MegabyteDataIsSpooledNotHeldInMemoryAndStoredByteExact()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync(User, "pw");
        var message = new GeneratedMessage(blocks: 763, seed: 50);
        Assert.True(message.Length is > 49_000_000 and < 50_000_000, message.Length.ToString());

        // warm-up: one small and one spooled message, so that first-use costs (JIT, pools) are not measured
        await using (var warm = await RawSmtp.ConnectAsync(node))
        {
            await warm.EnvelopeAsync("x@remote.test", User);
            await warm.DataAsync(new GeneratedMessage(blocks: 40, seed: 1));
            await warm.EnvelopeAsync("x@remote.test", User);
            await warm.DataAsync(new GeneratedMessage(blocks: 1, seed: 2));
        }

        await using var client = await RawSmtp.ConnectAsync(node);
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.CommandAsync("DATA", "354 ");
        long baseline = LiveHeap();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // four fifths of the message, then the session must be holding it in its spool file, not in memory
        int part = message.BlockCount * 4 / 5;
        await client.SendBlocksAsync(message, 0, part);
        long partLength = message.HeaderBytes.Length + (long)part * GeneratedMessage.BlockSize;
        await TestNode.WaitUntilAsync(() => SpoolFiles(node).Sum() >= partLength - SpoolBuffer, Patience);
        long heldMidway = LiveHeap() - baseline;

        await client.SendBlocksAsync(message, part, message.BlockCount - part);
        await TestNode.WaitUntilAsync(() => SpoolFiles(node).Sum() >= message.Length - SpoolBuffer, Patience);
        long allocatedReceiving = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var reply = await client.CommandAsync(".", "250 ");
        long allocatedTotal = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"{message.Length} bytes: live heap growth mid-DATA {heldMidway}, allocated while receiving {allocatedReceiving}, " +
                         $"allocated up to the 250 (store and summary included) {allocatedTotal}");
        Assert.StartsWith("250 2.0.0 OK: queued as ", reply);

        Assert.True(heldMidway < 16_000_000, $"the session holds {heldMidway} bytes of a {partLength}-byte message in memory");
        // the transport hands every read over in a fresh array (one copy of the message, short-lived); beyond
        // that, receiving and spooling the message must cost far less than its size
        Assert.True(allocatedReceiving - message.Length < 16_000_000,
            $"receiving {message.Length} bytes allocated {allocatedReceiving} bytes");
        Assert.Empty(SpoolFiles(node));

        await WaitForInboxAsync(node, User, 3);
        await AssertStoredByteExactAsync(node, message);
    }

    [Fact]
    public async Task ALargeMessageInSeveralBdatChunksIsStoredByteExact()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync(User, "pw");
        var message = new GeneratedMessage(blocks: 200, seed: 7); // about 13 MB
        long[] cuts = [0, 1_000, 3_500_000, 3_500_001, 9_000_000, message.Length];

        await using var client = await RawSmtp.ConnectAsync(node);
        await client.EnvelopeAsync("sender@remote.test", User);
        for (int i = 0; i + 1 < cuts.Length; i++)
        {
            long size = cuts[i + 1] - cuts[i];
            bool last = i + 2 == cuts.Length;
            await client.SendAsync($"BDAT {size}{(last ? " LAST" : "")}\r\n");
            await client.SendRangeAsync(message, cuts[i], size);
            var reply = await client.ReadReplyAsync();
            if (last) Assert.StartsWith("250 2.0.0 OK: queued as ", reply);
            else Assert.Equal($"250 2.0.0 {size} octets received", reply);
        }
        Assert.Empty(SpoolFiles(node));

        await WaitForInboxAsync(node, User, 1);
        await AssertStoredByteExactAsync(node, message);
    }

    [Fact]
    public async Task AClientVanishingMidDataAfterMoreThanOneMebibyteLeavesNoTemporaryFile()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp);
        await node.AddUserAsync(User, "pw");
        long blobsBefore = node.Host.Runtime.Blobs.Count;
        var message = new GeneratedMessage(blocks: 48, seed: 3); // about 3 MB

        var client = await RawSmtp.ConnectAsync(node);
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.CommandAsync("DATA", "354 ");
        await client.SendBlocksAsync(message, 0, message.BlockCount);
        await TestNode.WaitUntilAsync(() => SpoolFiles(node).Sum() >= message.Length - SpoolBuffer, Patience);
        Assert.Empty(Directory.EnumerateFiles(SpoolFolder(node))); // open, but without a name in the folder

        await client.DisposeAsync(); // gone without the final dot
        await TestNode.WaitUntilAsync(() => SessionCountAsync(node).Result == 0, Patience);
        // the session has stopped: its spool went with it (not later, with a finaliser)
        Assert.Empty(SpoolFiles(node));
        Assert.Empty(Directory.EnumerateFiles(SpoolFolder(node)));
        Assert.Equal(0, await InboxCountAsync(node, User));
        Assert.Equal(blobsBefore, node.Host.Runtime.Blobs.Count);
    }

    [Fact]
    public async Task SpooledDataOverSizeIsReadToTheFinalDotThenRefusedWith552AndTheSessionGoesOn()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp,
            new Dictionary<string, string> { ["ACTORMAIL__SMTP__MAX_MESSAGE_SIZE"] = "3000000" });
        await node.AddUserAsync(User, "pw");
        var tooBig = new GeneratedMessage(blocks: 70, seed: 4); // about 4.6 MB

        await using var client = await RawSmtp.ConnectAsync(node);
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.CommandAsync("DATA", "354 ");
        await client.SendBlocksAsync(tooBig, 0, tooBig.BlockCount);
        Assert.Equal("552 5.3.4 Message size exceeds limit", await client.CommandAsync(".", "552 "));
        Assert.Empty(SpoolFiles(node));

        // BDAT over the size: every chunk is read, the one that crosses the limit is refused
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.SendAsync("BDAT 2000000\r\n");
        await client.SendRangeAsync(tooBig, 0, 2_000_000);
        Assert.Equal("250 2.0.0 2000000 octets received", await client.ReadReplyAsync());
        await client.SendAsync("BDAT 2000000 LAST\r\n");
        await client.SendRangeAsync(tooBig, 2_000_000, 2_000_000);
        Assert.Equal("552 5.3.4 Message size exceeds limit", await client.ReadReplyAsync());
        Assert.Empty(SpoolFiles(node));

        var fits = new GeneratedMessage(blocks: 40, seed: 5); // about 2.6 MB: spooled, and under the limit
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.DataAsync(fits);
        await WaitForInboxAsync(node, User, 1);
        var (_, hash, _) = await StoredAsync(node, User, fits.Length);
        Assert.Equal(fits.Sha256, hash);
    }

    [Fact]
    public async Task TheHopCountOfASpooledMessageIsTakenFromItsHeaderEvenBehindALineLongerThanABlock()
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp, new Dictionary<string, string> { ["ACTORMAIL__SMTP__MAX_HOPS"] = "2" });
        await node.AddUserAsync(User, "pw");
        string hops = "Received: from a by b; Mon, 1 Jan 2024 00:00:00 +0000\r\n" +
                      "received : from b by c; Mon, 1 Jan 2024 00:00:01 +0000\r\n" +
                      "RECEIVED: from c by d; Mon, 1 Jan 2024 00:00:02 +0000\r\n";

        await using var client = await RawSmtp.ConnectAsync(node);
        // DATA: three hops, then a body of 2 MB
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.CommandAsync("DATA", "354 ");
        await client.SendAsync(hops + "Subject: loop\r\n\r\n");
        var body = new GeneratedMessage(blocks: 32, seed: 6);
        await client.SendRangeAsync(body, body.HeaderBytes.Length, body.Length - body.HeaderBytes.Length);
        Assert.Equal("554 5.4.6 Too many hops", await client.CommandAsync(".", "554 "));

        // BDAT: a 200 KB header line first (no line limit in BDAT), the hops behind it
        var head = Encoding.ASCII.GetBytes("X-Long: " + new string('x', 200_000) + "\r\n\tfolded\r\n" + hops + "Subject: loop\r\n\r\n");
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.SendAsync($"BDAT {head.Length}\r\n");
        await client.SendBytesAsync(head);
        Assert.Equal($"250 2.0.0 {head.Length} octets received", await client.ReadReplyAsync());
        await client.SendAsync($"BDAT {2_000_000} LAST\r\n");
        await client.SendRangeAsync(body, body.HeaderBytes.Length, 2_000_000);
        Assert.Equal("554 5.4.6 Too many hops", await client.ReadReplyAsync());

        // two hops pass
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.CommandAsync("DATA", "354 ");
        await client.SendAsync(hops[..hops.IndexOf("RECEIVED", StringComparison.Ordinal)] + "Subject: fine\r\n\r\n");
        await client.SendRangeAsync(body, body.HeaderBytes.Length, body.Length - body.HeaderBytes.Length);
        Assert.StartsWith("250 2.0.0 OK: queued as ", await client.CommandAsync(".", "250 "));
        await WaitForInboxAsync(node, User, 1);
        Assert.Empty(SpoolFiles(node));
    }

    [Fact]
    public async Task SubmissionAddsMessageIdAndDateToASpooledMessageOnlyWhenItsHeaderLacksThem()
    {
        await using var node = await TestNode.StartAsync(Listen.Submission);
        await node.AddUserAsync(User, "pw");
        await node.AddUserAsync("friend@example.test", "pw");
        var attachment = new byte[2_000_000];
        new Random(8).NextBytes(attachment);

        MimeMessage Large(string subject)
        {
            var m = Message(User, "friend@example.test", subject);
            m.Body = new Multipart("mixed")
            {
                new TextPart("plain") { Text = "attached" },
                new MimePart("application", "octet-stream")
                {
                    Content = new MimeContent(new MemoryStream(attachment)), ContentTransferEncoding = ContentEncoding.Base64, FileName = "a.bin",
                },
            };
            return m;
        }

        var complete = Large("complete");
        complete.MessageId = "given@client.test";
        complete.Date = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var bare = Large("bare");
        bare.Headers.Remove(HeaderId.MessageId);
        bare.Headers.Remove(HeaderId.Date);

        using (var client = await ConnectAsync(node, "submission", SecureSocketOptions.StartTls))
        {
            client.Timeout = 60_000;
            await client.AuthenticateAsync(User, "pw");
            await client.SendAsync(complete);
            await client.SendAsync(bare);
            await client.DisconnectAsync(true);
        }

        await WaitForInboxAsync(node, "friend@example.test", 2);
        var stored = (await InboxAsync(node, "friend@example.test")).Select(s => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(s)))).ToList();
        var first = stored.Single(m => m.Subject == "complete");
        Assert.Single(first.Headers, h => h.Id == HeaderId.MessageId);
        Assert.Equal("given@client.test", first.MessageId);
        Assert.Single(first.Headers, h => h.Id == HeaderId.Date);
        var second = stored.Single(m => m.Subject == "bare");
        Assert.Single(second.Headers, h => h.Id == HeaderId.MessageId);
        Assert.EndsWith("@" + node.Host.Services.HostName, second.MessageId);
        Assert.Single(second.Headers, h => h.Id == HeaderId.Date);
        using var decoded = new MemoryStream();
        ((MimePart)second.Attachments.Single()).Content!.DecodeTo(decoded);
        Assert.True(decoded.ToArray().AsSpan().SequenceEqual(attachment));
    }

    [Fact]
    public async Task AFullSpoolDiskAnswers452AfterTheWholeMessageAndTheSpaceComesBackWithTheTransaction()
    {
        // a 2 MiB file system under the spool folder only
        await using var disk = await SmallDisk.MountAsync(Path.Combine("data", "tmp"));
        await using var node = await TestNode.StartAsync(Listen.Smtp, dataDir: disk.Dir);
        await node.AddUserAsync(User, "pw");
        var tooBig = new GeneratedMessage(blocks: 48, seed: 9); // about 3 MB
        var fits = new GeneratedMessage(blocks: 24, seed: 10); // about 1.6 MB

        await using var client = await RawSmtp.ConnectAsync(node);
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.CommandAsync("DATA", "354 ");
        await client.SendBlocksAsync(tooBig, 0, tooBig.BlockCount);
        Assert.Equal("452 4.3.1 Insufficient system storage", await client.CommandAsync(".", "452 "));
        await client.CommandAsync("NOOP", "250 ");

        await client.EnvelopeAsync("sender@remote.test", User);
        await client.SendAsync("BDAT 1500000\r\n");
        await client.SendRangeAsync(tooBig, 0, 1_500_000);
        Assert.Equal("250 2.0.0 1500000 octets received", await client.ReadReplyAsync());
        await client.SendAsync("BDAT 1500000\r\n");
        await client.SendRangeAsync(tooBig, 1_500_000, 1_500_000);
        Assert.Equal("452 4.3.1 Insufficient system storage", await client.ReadReplyAsync());

        // the failed spools are gone, so their space is back
        await client.EnvelopeAsync("sender@remote.test", User);
        await client.DataAsync(fits);
        await WaitForInboxAsync(node, User, 1);
        var (_, hash, _) = await StoredAsync(node, User, fits.Length);
        Assert.Equal(fits.Sha256, hash);
        Assert.Empty(SpoolFiles(node));
    }

    [Fact]
    public async Task TheFullProtocolLogHasTheWholeSpooledMessageInOrder()
    {
        var sink = new DataSink();
        var previous = Serilog.Log.Logger;
        Serilog.Log.Logger = new Serilog.LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        try
        {
            await using var node = await TestNode.StartAsync(Listen.Smtp, new Dictionary<string, string> { ["ACTORMAIL__LOG__PROTOCOL"] = "full" });
            await node.AddUserAsync(User, "pw");
            var message = new GeneratedMessage(blocks: 40, seed: 11); // about 2.6 MB
            await using (var client = await RawSmtp.ConnectAsync(node))
            {
                await client.EnvelopeAsync("sender@remote.test", User);
                await client.DataAsync(message);
            }

            var logged = sink.Data();
            Assert.True(logged.Count > 1, "one piece only");
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var piece in logged) sha.AppendData(Encoding.ASCII.GetBytes(piece));
            Assert.Equal(message.Length, logged.Sum(p => (long)p.Length));
            Assert.Equal(message.Sha256, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        finally
        {
            Serilog.Log.Logger = previous;
        }
    }

    [Fact]
    public async Task SpoolFilesLeftByAProcessThatDiedAreDeletedAtTheNextStart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "actormail-it-" + Guid.NewGuid().ToString("N")[..10]);
        var tmp = Path.Combine(dir, "data", "tmp");
        Directory.CreateDirectory(tmp);
        var leftover = Path.Combine(tmp, "spool-" + Guid.NewGuid().ToString("N") + ".tmp");
        var other = Path.Combine(tmp, "keep.txt");
        await File.WriteAllBytesAsync(leftover, new byte[4096]);
        await File.WriteAllTextAsync(other, "not a spool file");
        try
        {
            await using var node = await TestNode.StartAsync(Listen.Smtp, dataDir: dir);
            Assert.Equal(tmp, SpoolFolder(node));
            Assert.False(File.Exists(leftover));
            Assert.True(File.Exists(other));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // ---- helpers

    /// <summary>The user's copy of <paramref name="message"/> is the message byte for byte behind its trace headers.</summary>
    private static async Task AssertStoredByteExactAsync(TestNode node, GeneratedMessage message)
    {
        var (trace, hash, length) = await StoredAsync(node, User, message.Length);
        Assert.Equal(message.Length, length);
        Assert.Equal(message.Sha256, hash);
        Assert.StartsWith("Return-Path: <sender@remote.test>\r\nReceived: from client.test ", trace);
    }

    private static string SpoolFolder(TestNode node) => Path.Combine(node.Settings.DataDir, "tmp");

    /// <summary>Sizes of the spool files this process holds open for the node (named or not).</summary>
    private static List<long> SpoolFiles(TestNode node)
    {
        Assert.True(OperatingSystem.IsLinux(), "these tests look at /proc/self/fd");
        var prefix = Path.Combine(SpoolFolder(node), "spool-");
        var sizes = new List<long>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is null || !target.StartsWith(prefix, StringComparison.Ordinal)) continue;
                // the link itself says nothing of the size: open the file through it
                using var file = new FileStream(fd, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                sizes.Add(file.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // closed meanwhile
            }
        }
        return sizes;
    }

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The stored copy: its trace header, and the SHA-256 and length of what follows it.</summary>
    private static async Task<(string Trace, string Hash, long Length)> StoredAsync(TestNode node, string account, long bodyLength)
    {
        var resp = await node.Host.Runtime.Mailboxes.Ask<MailboxResponse>(
            new MailboxEnvelope(account, new MessagePageQuery("INBOX", 1, uint.MaxValue)), Patience);
        var stored = ((MessagePage)resp.Result).Messages.Single(m => m.Blob.Length > bodyLength && m.Blob.Length < bodyLength + 4096);
        await using var s = node.Host.Runtime.Blobs.OpenRead(stored.Blob);
        int prefix = (int)(s.Length - bodyLength);
        var trace = new byte[prefix];
        await s.ReadExactlyAsync(trace);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long length = 0;
        for (int n; (n = await s.ReadAsync(buffer)) > 0; length += n) sha.AppendData(buffer, 0, n);
        return (Encoding.UTF8.GetString(trace), Convert.ToHexStringLower(sha.GetHashAndReset()), length);
    }

    /// <summary>
    /// A message of a header and blocks of 840 lines of 76 letters, generated on the fly (never held whole);
    /// no line starts with a dot, so what DATA stores is what was sent.
    /// </summary>
    private sealed class GeneratedMessage
    {
        public const int LineLength = 78;
        public const int BlockSize = LineLength * 840;

        private readonly int _seed;

        public GeneratedMessage(int blocks, int seed)
        {
            BlockCount = blocks;
            _seed = seed;
            HeaderBytes = Encoding.ASCII.GetBytes($"From: <sender@remote.test>\r\nTo: <{User}>\r\nSubject: generated {seed}\r\n" +
                                                  $"Message-ID: <gen-{seed}@remote.test>\r\n\r\n");
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var block = new byte[BlockSize];
            sha.AppendData(HeaderBytes);
            for (int i = 0; i < blocks; i++)
            {
                Fill(i, block);
                sha.AppendData(block);
            }
            Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        public int BlockCount { get; }

        public byte[] HeaderBytes { get; }

        public long Length => HeaderBytes.Length + (long)BlockCount * BlockSize;

        public string Sha256 { get; }

        public void Fill(int index, byte[] block)
        {
            uint x = (uint)(_seed * 7919 + index * 104729 + 1);
            for (int line = 0; line < block.Length; line += LineLength)
            {
                for (int i = 0; i < LineLength - 2; i++)
                {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    block[line + i] = (byte)('A' + x % 26);
                }
                block[line + LineLength - 2] = (byte)'\r';
                block[line + LineLength - 1] = (byte)'\n';
            }
        }
    }

    /// <summary>Collects the message data of the protocol log (client side), in order.</summary>
    private sealed class DataSink : Serilog.Core.ILogEventSink
    {
        private readonly List<string> _data = [];

        public void Emit(Serilog.Events.LogEvent e)
        {
            if (e.Properties.TryGetValue("Direction", out var d) && d is Serilog.Events.ScalarValue { Value: "C" } &&
                e.Properties.TryGetValue("Data", out var v) && v is Serilog.Events.ScalarValue { Value: string text })
                lock (_data) _data.Add(text);
        }

        public List<string> Data()
        {
            lock (_data) return [.. _data];
        }
    }

    /// <summary>A plain SMTP client on a socket that writes from one reused buffer.</summary>
    private sealed class RawSmtp : IAsyncDisposable
    {
        private readonly NetworkStream _stream;
        private readonly StreamReader _reader;
        private readonly byte[] _block = new byte[GeneratedMessage.BlockSize];

        private RawSmtp(NetworkStream stream)
        {
            _stream = stream;
            _reader = new StreamReader(stream, Encoding.ASCII);
        }

        public static async Task<RawSmtp> ConnectAsync(TestNode node)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(node.Endpoint("smtp")).WaitAsync(Patience);
            var client = new RawSmtp(new NetworkStream(socket, ownsSocket: true));
            Assert.StartsWith("220 ", await client.ReadReplyAsync());
            await client.CommandAsync("EHLO client.test", "250 ");
            return client;
        }

        public async Task EnvelopeAsync(string from, string to)
        {
            await CommandAsync($"MAIL FROM:<{from}>", "250 ");
            await CommandAsync($"RCPT TO:<{to}>", "250 ");
        }

        public async Task DataAsync(GeneratedMessage message)
        {
            await CommandAsync("DATA", "354 ");
            await SendBlocksAsync(message, 0, message.BlockCount);
            Assert.StartsWith("250 2.0.0 OK: queued as ", await CommandAsync(".", "250 "));
        }

        /// <summary>Sends a command line and returns the last line of its reply, which must start with <paramref name="expected"/>.</summary>
        public async Task<string> CommandAsync(string line, string expected)
        {
            await SendAsync(line + "\r\n");
            var reply = await ReadReplyAsync();
            Assert.True(reply.StartsWith(expected, StringComparison.Ordinal), $"{line} was answered {reply}");
            return reply;
        }

        public async Task<string> ReadReplyAsync()
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.NotNull(line);
                if (line.Length < 4 || line[3] != '-') return line;
            }
        }

        public Task SendAsync(string text) => SendBytesAsync(Encoding.ASCII.GetBytes(text));

        public async Task SendBytesAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(TimeSpan.FromSeconds(60));

        /// <summary>The header (when <paramref name="first"/> is 0) and blocks [first, first + count).</summary>
        public async Task SendBlocksAsync(GeneratedMessage message, int first, int count)
        {
            if (first == 0) await SendBytesAsync(message.HeaderBytes);
            for (int i = first; i < first + count; i++)
            {
                message.Fill(i, _block);
                await _stream.WriteAsync(_block);
            }
        }

        /// <summary>Bytes [offset, offset + count) of the message.</summary>
        public async Task SendRangeAsync(GeneratedMessage message, long offset, long count)
        {
            long end = offset + count;
            long header = message.HeaderBytes.Length;
            while (offset < end)
            {
                if (offset < header)
                {
                    int n = (int)Math.Min(header - offset, end - offset);
                    await _stream.WriteAsync(message.HeaderBytes.AsMemory((int)offset, n));
                    offset += n;
                    continue;
                }
                int index = (int)((offset - header) / GeneratedMessage.BlockSize);
                int within = (int)((offset - header) % GeneratedMessage.BlockSize);
                message.Fill(index, _block);
                int take = (int)Math.Min(GeneratedMessage.BlockSize - within, end - offset);
                await _stream.WriteAsync(_block.AsMemory(within, take));
                offset += take;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _reader.Dispose();
            await _stream.DisposeAsync();
        }
    }
}
