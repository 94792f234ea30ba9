using System.Text;

namespace ActorMail.IntegrationTests;

/// <summary>Reads CRLF lines from a raw connection for the protocol tests that talk to the node byte by byte.</summary>
internal sealed class RawLineReader(Stream stream, TimeSpan wait, int bufferSize)
{
    private readonly MemoryStream _pending = new();
    private readonly byte[] _buffer = new byte[bufferSize];

    /// <summary>The next line without CRLF; throws when the server closed the connection first.</summary>
    public async Task<string> ReadLineAsync() => await TryReadLineAsync() ?? throw new IOException("connection closed by the server");

    /// <summary>The next line, or null once the server closed the connection.</summary>
    public async Task<string?> TryReadLineAsync()
    {
        using var cts = new CancellationTokenSource(wait);
        while (true)
        {
            var data = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
            int lf = data.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.UTF8.GetString(data[..lf]).TrimEnd('\r');
                var rest = data[(lf + 1)..].ToArray();
                _pending.SetLength(0);
                _pending.Write(rest);
                return line;
            }

            int read;
            try
            {
                read = await stream.ReadAsync(_buffer, cts.Token);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0) return null;
            _pending.Write(_buffer, 0, read);
        }
    }
}
