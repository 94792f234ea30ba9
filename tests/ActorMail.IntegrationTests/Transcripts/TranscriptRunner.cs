using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace ActorMail.IntegrationTests.Transcripts;

/// <summary>How <see cref="TranscriptRunner"/> connects.</summary>
/// <param name="ImplicitTls">TLS from the first byte (smtps, imaps, pop3s).</param>
/// <param name="LocalAddress">Bind the client to this address (127.0.0.2, … for per-IP rules).</param>
/// <param name="StepTimeout">How long one expectation may wait for its line.</param>
public sealed record TranscriptOptions(bool ImplicitTls = false, IPAddress? LocalAddress = null, TimeSpan? StepTimeout = null);

/// <summary>
/// Runs a <see cref="Transcript"/> against a server over a real socket. A failed step throws with the
/// file, line number and the lines received so far.
/// </summary>
public static class TranscriptRunner
{
    /// <summary>The folder of the scenario files of one protocol (Transcripts/Smtp, Transcripts/Pop3, …) in the source tree.</summary>
    public static string Folder(string protocol, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, protocol);

    /// <summary>Every scenario file name (without .txt) of one protocol, for xunit theories.</summary>
    public static IEnumerable<object[]> Names(string protocol) =>
        Directory.GetFiles(Folder(protocol), "*.txt").Select(p => new object[] { Path.GetFileNameWithoutExtension(p) }).OrderBy(a => (string)a[0], StringComparer.Ordinal);

    public static Transcript Load(string protocol, string name) => Transcript.Load(Path.Combine(Folder(protocol), name + ".txt"));

    public static async Task RunAsync(Transcript transcript, IPEndPoint server, TranscriptOptions? options = null)
    {
        options ??= new TranscriptOptions();
        var timeout = options.StepTimeout ?? TimeSpan.FromSeconds(10);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (options.LocalAddress is { } local) socket.Bind(new IPEndPoint(local, 0));
        await socket.ConnectAsync(server).WaitAsync(timeout);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (options.ImplicitTls) stream = await UpgradeAsync(stream, timeout);
        var reader = new LineReader(stream);
        var seen = new List<string>();
        bool skipping = false;
        try
        {
            foreach (var step in transcript.Steps)
            {
                switch (step.Kind)
                {
                    case StepKind.Send:
                        await stream.WriteAsync(step.Bytes).AsTask().WaitAsync(timeout);
                        await stream.FlushAsync().WaitAsync(timeout);
                        break;
                    case StepKind.Skip:
                        skipping = true;
                        break;
                    case StepKind.Expect:
                        while (true)
                        {
                            var line = await reader.ReadLineAsync(timeout);
                            if (line is null) Fail(transcript, step, "the server closed the connection", seen);
                            seen.Add(line!);
                            if (step.Matches(line!)) break;
                            if (!skipping) Fail(transcript, step, $"expected '{step.Text}', got '{line}'", seen);
                        }
                        skipping = false;
                        break;
                    case StepKind.Tls:
                        if (reader.Buffered > 0) Fail(transcript, step, "bytes arrived before the TLS handshake", seen);
                        stream = await UpgradeAsync(stream, timeout);
                        reader = new LineReader(stream);
                        break;
                    case StepKind.Closed:
                        while (true)
                        {
                            var line = await reader.ReadLineAsync(timeout);
                            if (line is null) break;
                            seen.Add(line);
                            if (!skipping) Fail(transcript, step, $"expected the connection to close, got '{line}'", seen);
                        }
                        skipping = false;
                        break;
                }
            }
        }
        catch (TimeoutException)
        {
            throw new TranscriptFailedException($"{transcript.Name}: timed out; received so far:\n  " + string.Join("\n  ", seen));
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static async Task<Stream> UpgradeAsync(Stream inner, TimeSpan timeout)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }).WaitAsync(timeout);
        return ssl;
    }

    private static void Fail(Transcript t, TranscriptStep step, string what, List<string> seen) =>
        throw new TranscriptFailedException($"{t.Name}:{step.Line}: {what}\nreceived so far:\n  " + string.Join("\n  ", seen));

    /// <summary>Reads CRLF (or LF) terminated lines; null at the end of the stream or on a reset.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buf = new byte[64 * 1024];
        private int _start;
        private int _end;

        public int Buffered => _end - _start;

        public async Task<string?> ReadLineAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (true)
            {
                int lf = Array.IndexOf(_buf, (byte)'\n', _start, _end - _start);
                if (lf >= 0)
                {
                    int len = lf - _start;
                    if (len > 0 && _buf[lf - 1] == (byte)'\r') len--;
                    var line = Encoding.UTF8.GetString(_buf, _start, len);
                    _start = lf + 1;
                    return line;
                }
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                if (_end == _buf.Length) throw new InvalidOperationException("line longer than the reader's buffer");
                int n;
                try
                {
                    n = await stream.ReadAsync(_buf.AsMemory(_end), cts.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException();
                }
                catch (IOException)
                {
                    return null;
                }
                if (n == 0) return null;
                _end += n;
            }
        }
    }
}

/// <summary>A transcript step did not match what the server sent.</summary>
public sealed class TranscriptFailedException(string message) : Exception(message);
