using System.Collections.Concurrent;
using System.Text;

namespace ActorMail.Transport.Tests.Support;

/// <summary>
/// A tiny line protocol for transport tests: greets with <c>220 ready</c>, answers each line with <c>250 line</c>,
/// and knows STARTTLS, PROTO (reports TLS state) and QUIT. Refusals for too many connections get a 421 line.
/// </summary>
internal sealed class LineEchoHandler : IConnectionHandler
{
    /// <summary>Run STARTTLS's reply and upgrade on a pool thread, the way a session actor would.</summary>
    public bool UpgradeOffLoop { get; init; }

    public ConcurrentQueue<string> Executed { get; } = new();

    public ConcurrentQueue<RejectReason> Rejections { get; } = new();

    public ConcurrentQueue<IClientConnection> Connections { get; } = new();

    public ConcurrentQueue<Task> TlsUpgrades { get; } = new();

    public int Idles => Volatile.Read(ref idles);

    public int Closed => Volatile.Read(ref closed);

    public int TlsEstablished => Volatile.Read(ref tlsEstablished);

    public int InjectionsRefused => Volatile.Read(ref injectionsRefused);

    private int idles;
    private int closed;
    private int tlsEstablished;
    private int injectionsRefused;

    public IConnectionSink OnConnected(IClientConnection connection)
    {
        Connections.Enqueue(connection);
        _ = connection.WriteAndFlushAsync(Encoding.ASCII.GetBytes("220 ready\r\n"));
        return new Sink(this, connection);
    }

    public void OnRejected(IClientConnection connection, RejectReason reason)
    {
        Rejections.Enqueue(reason);
        if (reason == RejectReason.TooManyConnections)
        {
            connection.Write(Encoding.ASCII.GetBytes("421 too many connections\r\n"));
        }
    }

    private sealed class Sink(LineEchoHandler owner, IClientConnection connection) : IConnectionSink
    {
        private readonly List<byte> pending = new();
        private bool stopped;
        private volatile bool upgrading;

        public void OnData(ReadOnlyMemory<byte> chunk)
        {
            if (upgrading)
            {
                // Input between STARTTLS and the end of the handshake is plaintext injection.
                RefuseInjection();
                return;
            }

            pending.AddRange(chunk.Span);
            while (!stopped)
            {
                var end = IndexOfCrlf();
                if (end < 0)
                {
                    return;
                }

                var line = Encoding.ASCII.GetString(pending.GetRange(0, end).ToArray());
                pending.RemoveRange(0, end + 2);
                Execute(line);
            }
        }

        public void OnTlsEstablished()
        {
            upgrading = false;
            Interlocked.Increment(ref owner.tlsEstablished);
        }

        public void OnIdle()
        {
            Interlocked.Increment(ref owner.idles);
            connection.Write(Encoding.ASCII.GetBytes("421 idle timeout\r\n"));
            _ = connection.CloseAsync();
        }

        public void OnClosed() => Interlocked.Increment(ref owner.closed);

        private void Execute(string line)
        {
            switch (line)
            {
                case "STARTTLS" when pending.Count > 0:
                    // Commands pipelined behind STARTTLS were sent in plaintext (RFC 3207 §5): never run them.
                    RefuseInjection();
                    return;
                case "STARTTLS" when owner.UpgradeOffLoop:
                    upgrading = true;
                    _ = Task.Run(Upgrade);
                    return;
                case "STARTTLS":
                    upgrading = true;
                    Upgrade();
                    return;
                case "PROTO":
                    Reply($"250 {connection.TlsProtocol} secure={connection.IsSecure}");
                    return;
                case "QUIT":
                    connection.Write(Encoding.ASCII.GetBytes("221 bye\r\n"));
                    stopped = true;
                    _ = connection.CloseAsync();
                    return;
                default:
                    owner.Executed.Enqueue(line);
                    Reply("250 " + line);
                    return;
            }
        }

        private void Upgrade()
        {
            connection.Write(Encoding.ASCII.GetBytes("220 go ahead\r\n"));
            var upgrade = connection.StartTlsAsync();
            owner.TlsUpgrades.Enqueue(upgrade);
            upgrade.ContinueWith(_ => upgrading = false, TaskContinuationOptions.OnlyOnFaulted);
        }

        private void RefuseInjection()
        {
            Interlocked.Increment(ref owner.injectionsRefused);
            stopped = true;
            pending.Clear();
            _ = connection.CloseAsync();
        }

        private void Reply(string text) => _ = connection.WriteAndFlushAsync(Encoding.ASCII.GetBytes(text + "\r\n"));

        private int IndexOfCrlf()
        {
            for (var i = 0; i + 1 < pending.Count; i++)
            {
                if (pending[i] == '\r' && pending[i + 1] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
