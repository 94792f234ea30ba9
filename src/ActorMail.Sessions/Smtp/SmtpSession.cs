using System.Net;
using ActorMail.Configuration;
using ActorMail.Protocols.Sasl;
using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;
using ActorMail.Sessions.Common;
using ActorMail.Transport;
using Akka.Actor;
using Serilog;

namespace ActorMail.Sessions.Smtp;

/// <summary>
/// One SMTP connection: frames the byte stream (<see cref="SmtpReceiver"/>), parses commands, checks them
/// against the state table and the manual's policies, and hands accepted messages to the ingest log.
/// The 250 after DATA or BDAT LAST is sent only once the ingest log has accepted the message (durable).
/// A message is received into a <see cref="MessageSpool"/>: in memory up to 1 MiB, beyond that in a file
/// under data-dir/tmp that goes when the transaction ends or the session stops.
/// </summary>
/// <remarks>
/// The session keeps the greeting, the dispatch and the replies; MAIL and RCPT are
/// <see cref="SmtpEnvelopeCommands"/>, DATA and BDAT <see cref="SmtpMessageTransfer"/> (storing through
/// <see cref="SmtpMessageAcceptance"/>), STARTTLS and AUTH <see cref="SmtpSecurity"/>.
/// </remarks>
public sealed class SmtpSession : ProtocolSession, ISmtpConversation
{
    /// <summary>Failed AUTH attempts in one session before it is closed with 421.</summary>
    public const int MaxAuthFailuresPerSession = 3;

    private readonly SmtpListenerKind _kind;
    private readonly SmtpSettings _smtp;
    private readonly SmtpReceiver _rx;
    private readonly SmtpSessionState _session = new();
    private readonly SmtpEnvelopeCommands _envelope;
    private readonly SmtpMessageTransfer _transfer;
    private readonly SmtpSecurity _security;

    private int _badCommands;

    public SmtpSession(IClientConnection connection, SessionServices services, SmtpListenerKind kind, SmtpLimits? limits = null)
        : base(connection, services, "smtp")
    {
        _kind = kind;
        _smtp = services.Settings.Smtp;
        _rx = new SmtpReceiver(limits ?? SmtpLimits.Default);
        _envelope = new SmtpEnvelopeCommands(this, _session, _smtp, kind);
        _transfer = new SmtpMessageTransfer(this, _session, _smtp, _rx, new SmtpMessageAcceptance(this, _session, _smtp));
        _security = new SmtpSecurity(this, _session, _rx);
    }

    /// <param name="limits">Line limits of the session; <see cref="SmtpLimits.Default"/> when null.</param>
    public static Props Props(IClientConnection connection, SessionServices services, SmtpListenerKind kind, SmtpLimits? limits = null) =>
        Akka.Actor.Props.Create(() => new SmtpSession(connection, services, kind, limits));

    protected override string ProtocolName => "smtp";

    protected override string Farewell => SmtpReplies.ServiceClosing.ToString();

    private IPAddress RemoteIp => Connection.RemoteEndPoint.Address;

    private bool TlsOffered => _smtp.StartTls && !Connection.IsSecure && Services.Certificate is not null && _kind != SmtpListenerKind.Smtps;

    private bool AuthOffered => PlaintextPolicy.Allows(Services.Settings.Auth.Plaintext, RemoteIp, Connection.IsSecure);

    /// <summary>The folder of spooled messages: data-dir/tmp (swept at start by <see cref="SmtpServer"/>).</summary>
    internal static string SpoolDirectory(ActorMailSettings settings) => Path.Combine(settings.DataDir, "tmp");

    protected override void PreStart()
    {
        base.PreStart();
        Reply(SmtpReplies.Greeting(Services.HostName));
        _ = Connection.FlushAsync().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    protected override async Task OnDataAsync(ReadOnlyMemory<byte> chunk)
    {
        _rx.Feed(chunk.Span);
        while (!IsClosing && _session.State != SmtpState.TlsPending && _rx.TryRead(out var frame))
            await HandleFrameAsync(frame);
        if (!IsClosing) await FlushQuietlyAsync();
    }

    protected override Task OnTlsEstablishedAsync()
    {
        if (_session.State == SmtpState.TlsPending)
        {
            _rx.DiscardBufferedInput();
            _session.State = SmtpState.Connected;
        }
        return Task.CompletedTask;
    }

    protected override async Task OnIdleAsync()
    {
        Log.Information("Idle timeout, closing");
        if (_session.State != SmtpState.TlsPending) Reply(SmtpReplies.Timeout);
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
                await _security.ContinueSaslAsync(s.Line);
                break;
            case SmtpFrame.SaslLineTooLong:
                ProtocolLog.Client("***");
                _security.AbandonSasl();
                await BadAsync(SmtpReplies.AuthLineTooLong);
                break;
            case SmtpFrame.DataComplete d:
                await _transfer.FinishDataAsync(d);
                break;
            case SmtpFrame.BdatComplete b:
                await _transfer.FinishBdatAsync(b);
                break;
        }
    }

    private async Task HandleCommandAsync(string line)
    {
        ProtocolLog.Client(SmtpLogMask.Mask(line));
        var parsed = SmtpParser.Parse(line, ParserOptions());
        if (!parsed.IsSuccess)
        {
            await BadAsync(parsed.Error);
            return;
        }
        var command = parsed.Command;
        if (SmtpStateTable.Check(_session.State, command.Kind, Facts()) is { } refusal)
        {
            if (command is BdatCommand refused)
            {
                // the chunk follows whatever we answer: read it, discard it, then refuse
                _transfer.DiscardBdat(refused, refusal);
                return;
            }
            if (refusal.Code == 530 || refusal.Code == 538 || refusal.Code == 454) Reply(refusal);
            else await BadAsync(refusal);
            return;
        }

        switch (command)
        {
            case EhloCommand e:
                _session.Transaction.Reset();
                _session.Greeted = true;
                _session.Extended = true;
                _session.Helo = e.Domain;
                _session.State = SmtpState.Greeted;
                Reply(EhloResponse.Build(Services.HostName, e.Domain, Capabilities()));
                break;
            case HeloCommand h:
                _session.Transaction.Reset();
                _session.Greeted = true;
                _session.Extended = false;
                _session.Helo = h.Domain;
                _session.State = SmtpState.Greeted;
                Reply(SmtpReplies.HeloReply(Services.HostName, h.Domain));
                break;
            case MailCommand m:
                _envelope.Mail(m);
                break;
            case RcptCommand r:
                _envelope.Rcpt(r);
                break;
            case DataCommand:
                _transfer.BeginData();
                break;
            case BdatCommand b:
                _transfer.BeginBdat(b);
                break;
            case RsetCommand:
                _session.Transaction.Reset();
                _session.State = SmtpStateTable.After(_session.State, command);
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
                await _security.StartTlsAsync();
                break;
            case AuthCommand a:
                await _security.BeginAuthAsync(a);
                break;
        }
    }

    protected override void PostStop()
    {
        _session.Transaction.DropBody();
        base.PostStop();
    }

    // ---- helpers

    private SmtpSessionFacts Facts() => new(
        IsTls: Connection.IsSecure,
        IsAuthenticated: _session.AuthUser is not null,
        TlsAvailable: TlsOffered,
        AuthAvailable: AuthOffered,
        AuthNeedsTls: !AuthOffered && !Connection.IsSecure,
        AuthRequired: _kind == SmtpListenerKind.Submission || _smtp.AuthPolicy == SmtpAuthPolicy.Always,
        ChunkingAvailable: _session.Extended,
        RecipientsAllRejected: _session.Transaction.RcptTried && _session.Transaction.Recipients.Count == 0);

    private EhloCapabilities Capabilities() =>
        new(_smtp.MaxMessageSize, TlsOffered, AuthOffered ? SaslExchange.Mechanisms : []);

    private SmtpParserOptions ParserOptions()
    {
        if (!_session.Greeted) return SmtpParserOptions.Default;
        if (!_session.Extended) return SmtpParserOptions.Helo;
        return SmtpParserOptions.From(Capabilities()) with { Utf8Transaction = _session.Transaction.Mail?.SmtpUtf8 == true };
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

    // ---- what the command handlers borrow (ISmtpConversation)

    SessionServices ISmtpConversation.Services => Services;

    IClientConnection ISmtpConversation.Connection => Connection;

    ILogger ISmtpConversation.Log => Log;

    ProtocolLogger ISmtpConversation.ProtocolLog => ProtocolLog;

    IPAddress ISmtpConversation.RemoteIp => RemoteIp;

    void ISmtpConversation.Reply(SmtpReply reply) => Reply(reply);

    void ISmtpConversation.Refuse(string command, string address, SmtpReply reply) => Refuse(command, address, reply);

    Task ISmtpConversation.BadAsync(SmtpReply reply) => BadAsync(reply);

    Task ISmtpConversation.FlushQuietlyAsync() => FlushQuietlyAsync();

    Task<T> ISmtpConversation.Outside<T>(Task<T> work) => Outside(work);

    Task ISmtpConversation.CloseAsync() => CloseAsync();

    Task ISmtpConversation.UpgradeToTlsAsync() => UpgradeToTlsAsync();
}
