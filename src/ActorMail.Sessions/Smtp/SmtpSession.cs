using System.Buffers;
using System.Net;
using ActorMail.Accounts.Authentication;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Protocols.Sasl;
using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;
using ActorMail.Sessions.Common;
using ActorMail.Transport;
using Akka.Actor;

namespace ActorMail.Sessions.Smtp;

/// <summary>
/// One SMTP connection: frames the byte stream (<see cref="SmtpReceiver"/>), parses commands, checks them
/// against the state table and the manual's policies, and hands accepted messages to the ingest log.
/// The 250 after DATA or BDAT LAST is sent only once the ingest log has accepted the message (durable).
/// A message is received into a <see cref="MessageSpool"/>: in memory up to 1 MiB, beyond that in a file
/// under data-dir/tmp that goes when the transaction ends or the session stops.
/// </summary>
public sealed class SmtpSession : ProtocolSession
{
    /// <summary>Failed AUTH attempts in one session before it is closed with 421.</summary>
    public const int MaxAuthFailuresPerSession = 3;

    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(30);

    private readonly SmtpListenerKind _kind;
    private readonly SmtpSettings _smtp;
    private readonly SmtpReceiver _rx;
    private readonly SmtpDelivery _delivery;

    private SmtpState _state = SmtpState.Connected;
    private bool _greeted;
    private bool _extended;
    private string _helo = "";
    private string? _authUser;
    private int _badCommands;
    private int _authFailures;
    private SaslExchange? _sasl;

    // the current transaction
    private MailCommand? _mail;
    private readonly List<RecipientRoute> _recipients = new();
    private bool _rcptTried;
    private MessageSpool? _body;

    // a store that reads the spool while the session awaits it; the spool is disposed only after it
    private Task? _storing;
    private bool _bdatFailed;
    private SmtpReply? _bdatRefusal;

    public SmtpSession(IClientConnection connection, SessionServices services, SmtpListenerKind kind, SmtpLimits? limits = null)
        : base(connection, services, "smtp")
    {
        _kind = kind;
        _smtp = services.Settings.Smtp;
        _rx = new SmtpReceiver(limits ?? SmtpLimits.Default);
        _delivery = new SmtpDelivery(services, IngestTimeout);
    }

    /// <param name="limits">Line limits of the session; <see cref="SmtpLimits.Default"/> when null.</param>
    public static Props Props(IClientConnection connection, SessionServices services, SmtpListenerKind kind, SmtpLimits? limits = null) =>
        Akka.Actor.Props.Create(() => new SmtpSession(connection, services, kind, limits));

    protected override string ProtocolName => "smtp";

    protected override string Farewell => SmtpReplies.ServiceClosing.ToString();

    private IPAddress RemoteIp => Connection.RemoteEndPoint.Address;

    private bool TlsOffered => _smtp.StartTls && !Connection.IsSecure && Services.Certificate is not null && _kind != SmtpListenerKind.Smtps;

    private bool AuthOffered => PlaintextPolicy.Allows(Services.Settings.Auth.Plaintext, RemoteIp, Connection.IsSecure);

    private long MaxSize => _smtp.MaxMessageSize > 0 ? _smtp.MaxMessageSize : long.MaxValue;

    private MailAddress Postmaster => Services.Settings.Postmaster;

    /// <summary>The folder of spooled messages: data-dir/tmp (swept at start by <see cref="SmtpServer"/>).</summary>
    internal static string SpoolDirectory(ActorMailSettings settings) => Path.Combine(settings.DataDir, "tmp");

    private MessageSpool NewSpool() => new(SpoolDirectory(Services.Settings));

    protected override void PreStart()
    {
        base.PreStart();
        Reply(SmtpReplies.Greeting(Services.HostName));
        _ = Connection.FlushAsync().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    protected override async Task OnDataAsync(ReadOnlyMemory<byte> chunk)
    {
        _rx.Feed(chunk.Span);
        while (!IsClosing && _state != SmtpState.TlsPending && _rx.TryRead(out var frame))
            await HandleFrameAsync(frame);
        if (!IsClosing) await FlushQuietlyAsync();
    }

    protected override Task OnTlsEstablishedAsync()
    {
        if (_state == SmtpState.TlsPending)
        {
            _rx.DiscardBufferedInput();
            _state = SmtpState.Connected;
        }
        return Task.CompletedTask;
    }

    protected override async Task OnIdleAsync()
    {
        Log.Information("Idle timeout, closing");
        if (_state != SmtpState.TlsPending) Reply(SmtpReplies.Timeout);
        await CloseAsync();
    }

    private async Task HandleFrameAsync(SmtpFrame frame)
    {
        switch (frame)
        {
            case SmtpFrame.CommandLine c:
                await HandleCommandAsync(c.Line);
                break;
            case SmtpFrame.LineTooLong:
                ProtocolLog.Client("(line too long)");
                await BadAsync(SmtpReplies.LineTooLong);
                break;
            case SmtpFrame.SaslResponse s:
                ProtocolLog.Client("***");
                await ContinueSaslAsync(s.Line);
                break;
            case SmtpFrame.SaslLineTooLong:
                ProtocolLog.Client("***");
                _sasl = null;
                await BadAsync(SmtpReplies.AuthLineTooLong);
                break;
            case SmtpFrame.DataComplete d:
                await FinishDataAsync(d);
                break;
            case SmtpFrame.BdatComplete b:
                await FinishBdatAsync(b);
                break;
        }
    }

    private async Task HandleCommandAsync(string line)
    {
        ProtocolLog.Client(Mask(line));
        var parsed = SmtpParser.Parse(line, ParserOptions());
        if (!parsed.IsSuccess)
        {
            await BadAsync(parsed.Error);
            return;
        }
        var command = parsed.Command;
        if (SmtpStateTable.Check(_state, command.Kind, Facts()) is { } refusal)
        {
            if (command is BdatCommand refused)
            {
                // the chunk follows whatever we answer: read it, discard it, then refuse
                _bdatRefusal = refusal;
                _rx.BeginBdat(refused.Size, refused.Last, 0, NullSink.Instance);
                return;
            }
            if (refusal.Code == 530 || refusal.Code == 538 || refusal.Code == 454) Reply(refusal);
            else await BadAsync(refusal);
            return;
        }

        switch (command)
        {
            case EhloCommand e:
                ResetTransaction();
                _greeted = true;
                _extended = true;
                _helo = e.Domain;
                _state = SmtpState.Greeted;
                Reply(EhloResponse.Build(Services.HostName, e.Domain, Capabilities()));
                break;
            case HeloCommand h:
                ResetTransaction();
                _greeted = true;
                _extended = false;
                _helo = h.Domain;
                _state = SmtpState.Greeted;
                Reply(SmtpReplies.HeloReply(Services.HostName, h.Domain));
                break;
            case MailCommand m:
                Mail(m);
                break;
            case RcptCommand r:
                Rcpt(r);
                break;
            case DataCommand:
                DropBody();
                _body = NewSpool();
                _rx.BeginData(MaxSize, _body);
                Reply(SmtpReplies.DataStart);
                break;
            case BdatCommand b:
                _body ??= NewSpool();
                long allowance = _bdatFailed ? 0 : MaxSize - _body.Length;
                _rx.BeginBdat(b.Size, b.Last, allowance, _body);
                break;
            case RsetCommand:
                ResetTransaction();
                _state = SmtpStateTable.After(_state, command);
                Reply(SmtpReplies.Ok);
                break;
            case NoopCommand:
                Reply(SmtpReplies.Ok);
                break;
            case QuitCommand:
                Reply(SmtpReplies.Bye);
                await CloseAsync();
                break;
            case HelpCommand:
                Reply(SmtpReplies.HelpText);
                break;
            case VrfyCommand:
                Reply(SmtpReplies.Vrfy);
                break;
            case ExpnCommand:
                Reply(SmtpReplies.CommandNotImplemented);
                break;
            case StartTlsCommand:
                await StartTlsAsync();
                break;
            case AuthCommand a:
                await BeginAuthAsync(a);
                break;
        }
    }

    // ---- transaction

    private void Mail(MailCommand m)
    {
        var refusal = SmtpPolicy.CheckSender(Services.Directory.Current, _smtp, Postmaster, _kind, m.ReversePath, m.Size, _authUser);
        if (refusal is not null)
        {
            Refuse("MAIL", m.ReversePath?.ToString() ?? "<>", refusal);
            return;
        }
        ResetTransaction();
        _mail = m;
        _state = SmtpState.MailGiven;
        Reply(SmtpReplies.SenderOk);
    }

    private void Rcpt(RcptCommand r)
    {
        _rcptTried = true;
        if (_recipients.Count >= _smtp.MaxRecipients)
        {
            Reply(SmtpReplies.TooManyRecipients);
            return;
        }
        var directory = Services.Directory.Current;
        var address = r.Address ?? MailAddress.Parse("postmaster@" + (directory.PrimaryDomain ?? Services.Settings.Domains.Primary));
        var (refusal, route) = SmtpPolicy.CheckRecipient(directory, _smtp, Postmaster,
            new EnvelopeRecipient(address, r.Notify, r.ORcpt), _authUser is not null);
        if (refusal is not null || route is null)
        {
            Refuse("RCPT", address.ToString(), refusal ?? SmtpReplies.TemporaryFailure);
            return;
        }
        _recipients.Add(route);
        _state = SmtpState.RcptGiven;
        Reply(SmtpReplies.RecipientOk);
    }

    private async Task FinishDataAsync(SmtpFrame.DataComplete d)
    {
        var body = _body!;
        LogData(body);
        SmtpReply reply;
        if (d.TooBig) reply = SmtpReplies.MessageTooBig;
        else if (d.LineLimitExceeded) reply = SmtpReplies.DataLineTooLong;
        else if (d.HasBareLineEndings) reply = SmtpReplies.BareLineEnding;
        else if (SpoolFailed(body)) reply = SmtpReplies.StorageFull;
        else reply = await DeliverAsync(body);
        if (!reply.IsPositive) Refuse("DATA", _mail?.ReversePath?.ToString() ?? "<>", reply);
        else Reply(reply);
        ResetTransaction();
        _state = SmtpState.Greeted;
    }

    private async Task FinishBdatAsync(SmtpFrame.BdatComplete b)
    {
        if (_bdatRefusal is { } refusal)
        {
            _bdatRefusal = null;
            await BadAsync(refusal);
            return;
        }
        if (b.TooBig || _bdatFailed)
        {
            Refuse("BDAT", _mail?.ReversePath?.ToString() ?? "<>", SmtpReplies.MessageTooBig);
            ResetTransaction();
            _state = SmtpState.Greeted;
            return;
        }
        if (_body is { } spool && SpoolFailed(spool))
        {
            // RFC 3030 §2: after a failed chunk the client sends no more chunks of this message
            Refuse("BDAT", _mail?.ReversePath?.ToString() ?? "<>", SmtpReplies.StorageFull);
            ResetTransaction();
            _state = SmtpState.Greeted;
            return;
        }
        if (!b.Last)
        {
            _state = SmtpState.ChunkGiven;
            Reply(SmtpReplies.ChunkAccepted(b.ChunkSize));
            return;
        }
        var body = _body!;
        LogData(body);
        var reply = await DeliverAsync(body);
        if (!reply.IsPositive) Refuse("BDAT", _mail?.ReversePath?.ToString() ?? "<>", reply);
        else Reply(reply);
        ResetTransaction();
        _state = SmtpState.Greeted;
    }

    private async Task<SmtpReply> DeliverAsync(MessageSpool body)
    {
        var mail = _mail!;
        HeaderSummary headers;
        if (body.IsInMemory)
        {
            headers = HeaderScan.Scan(body.Memory.Span);
        }
        else
        {
            // the header section is read again from the spool's first byte
            var reading = body.OpenRead();
            var scan = Task.Run(async () =>
            {
                await using (reading) return await StreamHeaderScan.ScanAsync(reading);
            });
            _storing = scan;
            try
            {
                headers = await Outside(scan);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                Log.Error(e, "Reading a spooled message failed");
                return SmtpReplies.TemporaryFailure;
            }
        }
        if (_smtp.MaxHops > 0 && headers.ReceivedCount > _smtp.MaxHops) return SmtpReplies.TooManyHops;

        var now = Services.Clock.Now.ToLocalTime();
        var localId = SmtpDelivery.NewLocalId();
        var received = new ReceivedInfo(_helo, RemoteIp, null, Services.HostName, localId,
            _recipients.Count == 1 ? _recipients[0].Recipient.Address.ToString() : null, now,
            Extended: _extended, Tls: Connection.IsSecure, Authenticated: _authUser is not null, Utf8: mail.SmtpUtf8);
        var prefix = SmtpMessage.TraceAndSubmissionHeaders(received, headers, _authUser is not null, Services.HostName, localId, now);
        var envelope = new MailEnvelope(mail.ReversePath, _recipients.Select(r => r.Recipient).ToList(), mail.Ret, mail.EnvId, _authUser);
        var routes = _recipients.ToList();
        var work = body.IsInMemory
            ? _delivery.StoreAsync(envelope, routes, prefix, body)
            : Task.Run(() => _delivery.StoreAsync(envelope, routes, prefix, body)); // a large copy and hash: off the actor's thread
        _storing = work;
        var outcome = await Outside(work);
        if (outcome.Id is { } id)
        {
            Log.Information("Accepted {QueueId} from {From} for {Recipients} recipients, {Size} bytes",
                id, mail.ReversePath?.ToString() ?? "<>", routes.Count, body.Length);
            return SmtpReplies.MessageAccepted(id);
        }
        return outcome.Failure!;
    }

    private void ResetTransaction()
    {
        _mail = null;
        _recipients.Clear();
        _rcptTried = false;
        DropBody();
        _bdatFailed = false;
    }

    /// <summary>Disposes the spool of the transaction (its file goes with it), once no store reads it.</summary>
    private void DropBody()
    {
        var body = _body;
        _body = null;
        if (body is null) return;
        var storing = _storing;
        _storing = null;
        if (storing is null || storing.IsCompleted) body.Dispose();
        else _ = storing.ContinueWith(_ => body.Dispose(), TaskScheduler.Default);
    }

    protected override void PostStop()
    {
        DropBody();
        base.PostStop();
    }

    private bool SpoolFailed(MessageSpool body)
    {
        body.Flush();
        if (body.Failure is not { } failure) return false;
        Log.Error(failure, "Spooling a message of {Size} bytes failed", body.Length);
        return true;
    }

    /// <summary>The message data in the full protocol log, read back from the spool in pieces.</summary>
    private void LogData(MessageSpool body)
    {
        if (!ProtocolLog.Full) return;
        body.Flush();
        if (body.Failure is not null) return;
        if (body.IsInMemory)
        {
            ProtocolLog.Data("C", body.Memory.Span);
            return;
        }
        using var reading = body.OpenRead();
        var block = new byte[64 * 1024];
        int filled = 0;
        while (true)
        {
            int n = reading.Read(block, filled, block.Length - filled);
            filled += n;
            bool end = n == 0;
            if (!end && filled < block.Length) continue;
            if (filled == 0) break;
            // cut after the last line end so that no character is split (unless the block holds none)
            int cut = end ? filled : block.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (cut == 0) cut = filled;
            ProtocolLog.Data("C", block.AsSpan(0, cut));
            block.AsSpan(cut, filled - cut).CopyTo(block);
            filled -= cut;
            if (end) break;
        }
    }

    // ---- STARTTLS (RFC 3207)

    private async Task StartTlsAsync()
    {
        if (_rx.HasBufferedInput)
        {
            // commands pipelined behind STARTTLS would run as if they came over TLS (RFC 3207 §5)
            Log.Warning("Commands pipelined after STARTTLS from {RemoteAddress}; closing", RemoteIp);
            _rx.DiscardBufferedInput();
            Reply(SmtpReplies.StartTlsPipelined);
            await CloseAsync();
            return;
        }
        ResetTransaction();
        _state = SmtpState.TlsPending;
        _greeted = false;
        _extended = false;
        _helo = "";
        _authUser = null;
        Reply(SmtpReplies.TlsGoAhead);
        await UpgradeToTlsAsync();
    }

    // ---- AUTH (RFC 4954)

    private async Task BeginAuthAsync(AuthCommand a)
    {
        if (SaslExchange.Create(a.Mechanism) is not { } exchange)
        {
            Reply(SmtpReplies.AuthMechanismUnknown);
            return;
        }
        await StepAsync(exchange, exchange.Start(a.InitialResponse));
    }

    private async Task ContinueSaslAsync(string line)
    {
        var exchange = _sasl;
        _sasl = null;
        if (exchange is null)
        {
            await BadAsync(SmtpReplies.BadSequence);
            return;
        }
        await StepAsync(exchange, exchange.Continue(line));
    }

    private async Task StepAsync(SaslExchange exchange, SaslStep step)
    {
        switch (step.Kind)
        {
            case SaslStepKind.Challenge:
                _sasl = exchange;
                Reply(SmtpReplies.AuthChallenge(step.Challenge));
                _rx.BeginSaslResponse();
                break;
            case SaslStepKind.Failed:
                Reply(SmtpReplies.ForSaslFailure(step.Failure));
                break;
            case SaslStepKind.Completed:
                await CheckCredentialsAsync(step.Credentials!);
                break;
        }
    }

    private async Task CheckCredentialsAsync(SaslCredentials credentials)
    {
        await FlushQuietlyAsync();
        AuthResult result;
        try
        {
            result = await Outside(Services.Authenticator.AuthenticateAsync(credentials.AuthenticationId, credentials.Password, RemoteIp, CancellationToken.None));
        }
        catch (Exception e)
        {
            Log.Error(e, "Authentication could not be checked");
            Reply(SmtpReplies.AuthTemporaryFailure);
            return;
        }
        if (result is AuthResult.Success ok && AuthorizationAllowed(credentials.AuthorizationId, ok.AccountKey))
        {
            _authUser = ok.AccountKey;
            Log.Information("Authenticated as {Account}", ok.AccountKey);
            Reply(SmtpReplies.AuthSucceeded);
            return;
        }
        _authFailures++;
        var reason = result is AuthResult.Failed f ? f.Reason : AuthFailure.BadCredentials;
        Log.Warning("Authentication failed for {Login} from {RemoteAddress}: {Reason}", credentials.AuthenticationId, RemoteIp, reason);
        if (reason == AuthFailure.TooManyFailures || _authFailures >= MaxAuthFailuresPerSession)
        {
            Reply(SmtpReplies.AuthTooMany);
            await CloseAsync();
            return;
        }
        Reply(SmtpReplies.AuthFailed);
    }

    // an authorization identity other than the login's own account is not supported
    private bool AuthorizationAllowed(string authzid, string accountKey)
    {
        if (authzid.Length == 0) return true;
        var primary = Services.Directory.Current.PrimaryDomain ?? Services.Settings.Domains.Primary;
        return MailAddress.TryParseLogin(authzid, primary, out var z) && z.Key == accountKey;
    }

    // ---- helpers

    private SmtpSessionFacts Facts() => new(
        IsTls: Connection.IsSecure,
        IsAuthenticated: _authUser is not null,
        TlsAvailable: TlsOffered,
        AuthAvailable: AuthOffered,
        AuthNeedsTls: !AuthOffered && !Connection.IsSecure,
        AuthRequired: _kind == SmtpListenerKind.Submission || _smtp.AuthPolicy == SmtpAuthPolicy.Always,
        ChunkingAvailable: _extended,
        RecipientsAllRejected: _rcptTried && _recipients.Count == 0);

    private EhloCapabilities Capabilities() =>
        new(_smtp.MaxMessageSize, TlsOffered, AuthOffered ? SaslExchange.Mechanisms : []);

    private SmtpParserOptions ParserOptions()
    {
        if (!_greeted) return SmtpParserOptions.Default;
        if (!_extended) return SmtpParserOptions.Helo;
        return SmtpParserOptions.From(Capabilities()) with { Utf8Transaction = _mail?.SmtpUtf8 == true };
    }

    private void Reply(SmtpReply reply)
    {
        var text = reply.Render();
        if (ProtocolLog.Full)
            foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)) ProtocolLog.Server(line);
        Write(System.Text.Encoding.UTF8.GetBytes(text));
    }

    private void Refuse(string command, string address, SmtpReply reply)
    {
        Log.Information("Refused {Command} {Address}: {Reply}", command, address, reply.ToString());
        Reply(reply);
    }

    private async Task BadAsync(SmtpReply reply)
    {
        _badCommands++;
        Reply(reply);
        if (_smtp.MaxBadCommands > 0 && _badCommands >= _smtp.MaxBadCommands)
        {
            Log.Warning("Too many bad commands from {RemoteAddress}; closing", RemoteIp);
            Reply(SmtpReplies.TooManyErrors);
            await CloseAsync();
        }
    }

    private async Task FlushQuietlyAsync()
    {
        try
        {
            await FlushAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the client went away; ConnectionClosed follows
        }
    }

    private static string Mask(string line)
    {
        if (line.Length < 5 || !line.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase)) return line;
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length <= 2 ? line : parts[0] + " " + parts[1] + " ***";
    }

    /// <summary>Swallows the bytes of a refused BDAT chunk.</summary>
    private sealed class NullSink : IBufferWriter<byte>
    {
        public static readonly NullSink Instance = new();
        private readonly byte[] _scratch = new byte[4096];

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => sizeHint > _scratch.Length ? new byte[sizeHint] : _scratch;

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
