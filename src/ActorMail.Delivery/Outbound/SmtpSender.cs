using System.Net;
using System.Net.Sockets;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery.Queue;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.IO;

namespace ActorMail.Delivery.Outbound;

/// <summary>
/// Sends one queued message to its due recipients with MailKit: recipients grouped by domain and
/// split per the manual, each domain either through the smarthost or by MX (hosts in preference
/// order, each of their addresses in turn). Per-recipient results; nothing is retried here.
/// Open connections are kept per destination and reused for the next message to it.
/// Not thread-safe: one instance per send worker.
/// </summary>
public sealed class SmtpSender : IDisposable
{
    private readonly OutboundOptions _options;
    private readonly MxResolver _resolver;
    private readonly MessageSigner _signer;
    private readonly Dictionary<string, (OutboundSmtpClient Client, long LastUsed)> _open = new(StringComparer.Ordinal);

    public SmtpSender(OutboundOptions options, MxResolver resolver, MessageSigner signer)
    {
        _options = options;
        _resolver = resolver;
        _signer = signer;
    }

    /// <summary>Number of connections open for reuse.</summary>
    public int OpenConnections => _open.Count;

    /// <summary>
    /// Sends <paramref name="queued"/> to <paramref name="due"/> and returns every recipient's outcome;
    /// <paramref name="onTransaction"/> (when given) gets the outcomes of each transaction (or of each
    /// domain that could not be resolved) as soon as they are known.
    /// </summary>
    public async Task<IReadOnlyList<RecipientOutcome>> SendAsync(QueuedMessage queued, IReadOnlyList<QueuedRecipient> due,
        Func<Stream> openBody, SmarthostRoute? smarthost, CancellationToken ct, Action<IReadOnlyList<RecipientOutcome>>? onTransaction = null)
    {
        var outcomes = new List<RecipientOutcome>();
        OutgoingCopy copy;
        try
        {
            // A blob is a local file read (usually from the page cache): the synchronous parser costs less.
            copy = OutgoingCopy.Load(openBody, queued.Blob.Length, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unprepared(due, e);
        }
        using var _ = copy;
        var message = copy.Message;
        try
        {
            var force = _options.Delivery.ForceSender;
            if (force is { } f && queued.Sender is not null)
            {
                var name = message.From.Mailboxes.FirstOrDefault()?.Name ?? "";
                message.From.Clear();
                message.From.Add(new MailboxAddress(name, f.ToString()));
                copy.MarkChanged();
            }
            if (_signer.IsActive)
            {
                _signer.Sign(message);
                copy.MarkChanged();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unprepared(due, e);
        }
        MailAddress? sender = queued.Sender is null ? null : _options.Delivery.ForceSender ?? queued.Sender;
        var envelope = new Envelope(queued, sender, copy);
        foreach (var group in TransactionPlanner.Plan(due, _options.Delivery.RecipientsPerMessage).GroupBy(t => t.Domain, StringComparer.OrdinalIgnoreCase))
        {
            var targets = await TargetsAsync(group.Key, smarthost, ct).ConfigureAwait(false);
            if (targets.Failure is { } failure)
            {
                var failed = group.SelectMany(t => t.Recipients).Select(r => new RecipientOutcome(r.Address, failure.Kind, failure.Status, failure.Detail)).ToList();
                outcomes.AddRange(failed);
                onTransaction?.Invoke(failed);
                continue;
            }
            foreach (var t in group)
            {
                var done = await SendTransactionAsync(envelope, t, targets.List, ct).ConfigureAwait(false);
                outcomes.AddRange(done);
                onTransaction?.Invoke(done);
            }
        }
        return outcomes;
    }

    private static List<RecipientOutcome> Unprepared(IReadOnlyList<QueuedRecipient> due, Exception e) =>
        due.Select(r => new RecipientOutcome(r.Address, OutcomeKind.Temporary, "4.3.0", "cannot prepare the message: " + e.Message)).ToList();

    /// <summary>Closes connections unused for longer than the idle time.</summary>
    public void CloseIdle()
    {
        long now = Environment.TickCount64;
        foreach (var key in _open.Where(kv => now - kv.Value.LastUsed > _options.IdleConnection.TotalMilliseconds).Select(kv => kv.Key).ToList())
            Drop(key, quit: true);
    }

    public void Dispose()
    {
        foreach (var key in _open.Keys.ToList()) Drop(key, quit: true);
    }

    /// <summary>
    /// What one message's transactions share. The size is the stored length for a copy sent as stored,
    /// otherwise measured (one more pass over the message), and only for a remote that announces a limit.
    /// </summary>
    private sealed class Envelope(QueuedMessage queued, MailAddress? sender, OutgoingCopy copy)
    {
        /// <summary>As the message goes on the wire: CRLF line ends.</summary>
        private static readonly FormatOptions WireFormat = new() { NewLineFormat = NewLineFormat.Dos };

        private long _size = -1;

        public QueuedMessage Queued { get; } = queued;
        public MailAddress? Sender { get; } = sender;
        public OutgoingCopy Copy { get; } = copy;

        public long Size(CancellationToken ct)
        {
            if (_size >= 0) return _size;
            if (Copy.Unchanged) return _size = Copy.StoredLength;
            using var measure = new MeasuringStream();
            Copy.Message.WriteTo(WireFormat, measure, ct);
            return _size = measure.Length;
        }
    }

    private sealed record Target(string HostName, string ConnectTo, int Port, SecureSocketOptions Tls, bool AnyCertificate, string? Username, string? Password)
    {
        public string Key => $"{ConnectTo}|{Port}|{Tls}|{Username}";
    }

    private sealed record TargetFailure(OutcomeKind Kind, string Status, string Detail);

    private sealed record Targets(IReadOnlyList<Target> List, TargetFailure? Failure);

    private async Task<Targets> TargetsAsync(string domain, SmarthostRoute? smarthost, CancellationToken ct)
    {
        if (smarthost is not null)
        {
            var tls = smarthost.Tls switch
            {
                SmarthostTls.Implicit => SecureSocketOptions.SslOnConnect,
                SmarthostTls.None => SecureSocketOptions.None,
                _ => smarthost.Opportunistic ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.StartTls,
            };
            return new Targets(new[] { new Target(smarthost.Host, smarthost.Host, smarthost.Port, tls, false, smarthost.Username, smarthost.Password) }, null);
        }
        var answer = await _resolver.ResolveAsync(domain, ct).ConfigureAwait(false);
        if (answer.Failure is { } kind)
            return new Targets(Array.Empty<Target>(), new TargetFailure(kind, answer.Status!, answer.Detail!));
        var list = answer.Hosts
            .SelectMany(h => h.Addresses.Select(a => new Target(h.Name, a.ToString(), _options.Delivery.RemotePort, SecureSocketOptions.StartTlsWhenAvailable, true, null, null)))
            .ToList();
        return new Targets(list, null);
    }

    private async Task<IReadOnlyList<RecipientOutcome>> SendTransactionAsync(Envelope envelope, PlannedTransaction tx,
        IReadOnlyList<Target> targets, CancellationToken ct)
    {
        string lastError = "no host to connect to";
        string? lastHost = null;
        bool timedOut = false;
        foreach (var target in targets)
        {
            lastHost = target.HostName;
            OutboundSmtpClient client;
            try
            {
                client = await ConnectAsync(target, ct).ConfigureAwait(false);
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && target.Username is not null && e.ErrorCode == SmtpErrorCode.UnexpectedStatusCode)
            {
                lastError = $"{(int)e.StatusCode} {e.Message}";
                continue;
            }
            catch (NotSupportedException e)
            {
                // The relay lacks what the TLS mode requires (STARTTLS): never fall back to plain text.
                lastError = $"connect to {target.HostName}[{target.ConnectTo}]:{target.Port}: {e.Message}";
                continue;
            }
            catch (Exception e) when (IsConnectionFault(e))
            {
                lastError = $"connect to {target.HostName}[{target.ConnectTo}]:{target.Port}: {Describe(e)}";
                timedOut = e is TimeoutException or OperationCanceledException;
                ct.ThrowIfCancellationRequested();
                continue;
            }
            var remote = target.HostName;
            bool dsn = client.Capabilities.HasFlag(SmtpCapabilities.Dsn);
            if (client.Capabilities.HasFlag(SmtpCapabilities.Size) && client.MaxSize > 0 && envelope.Size(ct) > client.MaxSize)
            {
                MarkUsed(target, client);
                return tx.Recipients.Select(r => new RecipientOutcome(r.Address, OutcomeKind.Permanent, "5.3.4",
                    $"message size {envelope.Size(ct)} exceeds the limit of {client.MaxSize} bytes of {remote}", remote)).ToList();
            }
            client.Begin(envelope.Queued, tx.Recipients, envelope.Copy);
            var mailboxes = tx.Recipients.Select(r => new MailboxAddress("", r.Address.ToString())).ToList();
            var from = envelope.Sender is { } s ? new MailboxAddress("", s.ToString()) : new MailboxAddress("", "");
            try
            {
                string reply = await client.SendAsync(FormatOptions.Default, envelope.Copy.Message, from, mailboxes, ct).ConfigureAwait(false);
                MarkUsed(target, client);
                return tx.Recipients.Select(r => client.Rejected.TryGetValue(r.Address.Key, out var rej)
                    ? ReplyClassifier.FromReply(r.Address, (int)rej.StatusCode, rej.Response, remote, dsn)
                    : ReplyClassifier.FromReply(r.Address, 250, reply, remote, dsn)).ToList();
            }
            catch (NoRecipientsAcceptedException)
            {
                Drop(target.Key, quit: true);
                return tx.Recipients.Select(r => client.Rejected.TryGetValue(r.Address.Key, out var rej)
                    ? ReplyClassifier.FromReply(r.Address, (int)rej.StatusCode, rej.Response, remote, dsn)
                    : new RecipientOutcome(r.Address, OutcomeKind.Temporary, "4.0.0", "not accepted", remote)).ToList();
            }
            catch (SmtpCommandException e)
            {
                // MAIL FROM or DATA refused: one reply for every recipient the remote had accepted.
                Drop(target.Key, quit: true);
                return tx.Recipients.Select(r => client.Rejected.TryGetValue(r.Address.Key, out var rej)
                    ? ReplyClassifier.FromReply(r.Address, (int)rej.StatusCode, rej.Response, remote, dsn)
                    : ReplyClassifier.FromReply(r.Address, (int)e.StatusCode, e.Message, remote, dsn)).ToList();
            }
            catch (Exception e) when (IsConnectionFault(e))
            {
                // Lost mid-transaction: the remote never confirmed, so nothing counts as delivered.
                Drop(target.Key, quit: false);
                ct.ThrowIfCancellationRequested();
                return tx.Recipients.Select(r => client.Rejected.TryGetValue(r.Address.Key, out var rej)
                    ? ReplyClassifier.FromReply(r.Address, (int)rej.StatusCode, rej.Response, remote, dsn)
                    : ReplyClassifier.ConnectionFault(r.Address, $"lost connection with {remote}: {Describe(e)}", remote,
                        e is TimeoutException or OperationCanceledException)).ToList();
            }
        }
        return tx.Recipients.Select(r => ReplyClassifier.ConnectionFault(r.Address, lastError, lastHost, timedOut)).ToList();
    }

    private async Task<OutboundSmtpClient> ConnectAsync(Target target, CancellationToken ct)
    {
        if (_open.TryGetValue(target.Key, out var cached))
        {
            if (cached.Client.IsConnected) return cached.Client;
            Drop(target.Key, quit: false);
        }
        try
        {
            return await OpenAsync(target, target.Tls, ct).ConfigureAwait(false);
        }
        catch (SslHandshakeException) when (target.Tls == SecureSocketOptions.StartTlsWhenAvailable && target.AnyCertificate)
        {
            // Opportunistic TLS that fails falls back to plain text, as Postfix's "may" level does.
            return await OpenAsync(target, SecureSocketOptions.None, ct).ConfigureAwait(false);
        }
    }

    private async Task<OutboundSmtpClient> OpenAsync(Target target, SecureSocketOptions tls, CancellationToken ct)
    {
        var client = new OutboundSmtpClient
        {
            LocalDomain = _options.Delivery.HeloName,
            Timeout = (int)Math.Min(int.MaxValue, _options.Delivery.Timeout.TotalMilliseconds),
            SslProtocols = _options.SslProtocols,
            CheckCertificateRevocation = false,
        };
        if (target.AnyCertificate) client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        try
        {
            // Nagle off: SMTP is a dialogue of small writes, and delayed ACKs would stall each one.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                connectTimeout.CancelAfter(_options.Delivery.Timeout);
                await socket.ConnectAsync(target.ConnectTo, target.Port, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"no connection within {_options.Delivery.Timeout}");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            await client.ConnectAsync(socket, target.HostName, target.Port, tls, ct).ConfigureAwait(false);
            if (target.Username is not null && client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                await client.AuthenticateAsync(target.Username, target.Password ?? "", ct).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        if (_open.Count >= _options.MaxCachedConnections)
            Drop(_open.MinBy(kv => kv.Value.LastUsed).Key, quit: true);
        _open[target.Key] = (client, Environment.TickCount64);
        return client;
    }

    private void MarkUsed(Target target, OutboundSmtpClient client) => _open[target.Key] = (client, Environment.TickCount64);

    private void Drop(string key, bool quit)
    {
        if (!_open.Remove(key, out var entry)) return;
        try
        {
            if (quit && entry.Client.IsConnected) entry.Client.Disconnect(true);
        }
        catch (Exception e) when (IsConnectionFault(e))
        {
            // The remote went away first.
        }
        entry.Client.Dispose();
    }

    private static bool IsConnectionFault(Exception e) =>
        e is IOException or SocketException or SmtpProtocolException or SslHandshakeException or TimeoutException
            or OperationCanceledException or MailKit.Security.AuthenticationException or SmtpCommandException or ServiceNotConnectedException
            or ObjectDisposedException;

    private static string Describe(Exception e) => e switch
    {
        SocketException se => se.SocketErrorCode.ToString(),
        MailKit.Security.AuthenticationException => "authentication failed: " + e.Message,
        SmtpCommandException sc => $"{(int)sc.StatusCode} {sc.Message}",
        _ => e.Message,
    };
}
