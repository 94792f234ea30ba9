using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorMail.Host.Cli;

namespace ActorMail.Host.Node;

/// <summary>
/// The local admin endpoint of a running node: a Unix domain socket in the data folder (mode 0600).
/// Each connection carries one request line (a JSON <see cref="CliRequest"/>) and gets one
/// response line (a JSON <see cref="CliResponse"/>), so that CLI verbs run inside the node that
/// owns the store.
/// </summary>
public sealed class AdminServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 64 * 1024 * 1024;
    private readonly Socket _listener;
    private readonly string _path;
    private readonly Func<CliRequest, Task<CliResponse>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public AdminServer(string path, Func<CliRequest, Task<CliResponse>> handler)
    {
        _path = path;
        _handler = handler;
        if (File.Exists(path)) File.Delete(path); // stale: the caller holds the data-folder lock
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Room for bursts of concurrent CLI calls; a full backlog makes connect() fail with EAGAIN.
        _listener.Listen(512);
        _loop = Task.Run(AcceptLoop);
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(Socket client)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        CliResponse response;
        try
        {
            var line = await AdminWire.ReadLineAsync(stream, MaxRequestBytes, _stop.Token).ConfigureAwait(false);
            var request = line is null ? null : JsonSerializer.Deserialize(line, AdminJson.Default.CliRequest);
            response = request is null
                ? new CliResponse(ExitCodes.Usage, "", "empty admin request\n")
                : await _handler(request).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            response = new CliResponse(ExitCodes.DataError, "", "malformed admin request\n");
        }
        try
        {
            await AdminWire.WriteLineAsync(stream, JsonSerializer.Serialize(response, AdminJson.Default.CliResponse), _stop.Token).ConfigureAwait(false);
        }
        catch (IOException) { }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        try { await _loop.ConfigureAwait(false); } catch { /* loop ends on dispose */ }
        try { File.Delete(_path); } catch (IOException) { }
    }
}

/// <summary>CLI side of the admin endpoint.</summary>
public static class AdminClient
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(10);

    /// <summary>Sends the request to the node listening on <paramref name="socketPath"/>; null when no node listens there.</summary>
    public static async Task<CliResponse?> TrySendAsync(string socketPath, CliRequest request, CancellationToken ct)
    {
        if (!File.Exists(socketPath)) return null;
        using var socket = await ConnectAsync(socketPath, ct).ConfigureAwait(false);
        if (socket is null) return null;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await AdminWire.WriteLineAsync(stream, JsonSerializer.Serialize(request, AdminJson.Default.CliRequest), ct).ConfigureAwait(false);
        var line = await AdminWire.ReadLineAsync(stream, 256 * 1024 * 1024, ct).ConfigureAwait(false);
        if (line is null) throw new CliException(ExitCodes.TempFail, "the running node closed the admin connection; try again");
        return JsonSerializer.Deserialize(line, AdminJson.Default.CliResponse)
               ?? throw new CliException(ExitCodes.Software, "malformed answer from the running node");
    }

    /// <summary>
    /// Connects to the node; null when nothing listens (a stale socket file). A node whose accept backlog
    /// is momentarily full (EAGAIN) is retried for a few seconds, then reported as busy (exit 75).
    /// </summary>
    private static async Task<Socket?> ConnectAsync(string socketPath, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + BusyRetry;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TryAgain or SocketError.WouldBlock)
            {
                socket.Dispose();
                if (DateTime.UtcNow > deadline)
                    throw new CliException(ExitCodes.TempFail, "the running node is busy; try again");
                await Task.Delay(20, ct).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                socket.Dispose();
                return null; // stale socket file: no node behind it
            }
        }
    }
}

internal static class AdminWire
{
    public static async Task<string?> ReadLineAsync(Stream s, int max, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var one = new byte[8192];
        while (true)
        {
            int n = await s.ReadAsync(one, ct).ConfigureAwait(false);
            if (n == 0) return buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.ToArray());
            int nl = Array.IndexOf(one, (byte)'\n', 0, n);
            if (nl >= 0)
            {
                buffer.Write(one, 0, nl);
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
            buffer.Write(one, 0, n);
            if (buffer.Length > max) throw new IOException("admin message too long");
        }
    }

    public static async Task WriteLineAsync(Stream s, string json, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(json + "\n");
        await s.WriteAsync(bytes, ct).ConfigureAwait(false);
        await s.FlushAsync(ct).ConfigureAwait(false);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(CliRequest))]
[System.Text.Json.Serialization.JsonSerializable(typeof(CliResponse))]
internal sealed partial class AdminJson : System.Text.Json.Serialization.JsonSerializerContext;
