using System.Buffers;
using System.Text;
using ActorMail.Accounts.Authentication;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Protocols.Sasl;
using ActorMail.Sessions.Common;
using ActorMail.Storage.Blobs;
using ActorMail.Transport;
using Akka.Actor;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// One IMAP4rev1 connection (RFC 3501, with the extensions listed by <see cref="ImapCapabilities"/>).
/// </summary>
/// <remarks>
/// Bytes go through the pure <see cref="ImapReceiver"/> (literals, limits) and <see cref="ImapParser"/>;
/// commands run one at a time, in order, so pipelined commands can never see ambiguous sequence numbers.
/// After login the session watches its account's mailbox entity: changes made by other sessions of the
/// selected folder are queued in <see cref="SelectedMailbox"/> and announced where RFC 9051 §5.5 allows
/// (EXPUNGE never during FETCH, STORE, SEARCH by sequence number), at once while in IDLE. When the entity
/// stops or restarts, the session registers again and catches up (ImapSession.Watch.cs).
/// </remarks>
public sealed partial class ImapSession : ProtocolSession
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Failed logins after which the connection is closed.</summary>
    private const int MaxLoginFailures = 3;

    /// <summary>Output buffered before it is flushed to the client during long responses.</summary>
    private const int FlushThreshold = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _out = new(4096);
    private readonly ImapWriter _w;
    private readonly bool _tlsPossible;
    private readonly ImapLimits _limits;
    private ImapReceiver _receiver;
    private ImapState _state = ImapState.NotAuthenticated;
    private string? _account;
    private SelectedMailbox? _selected;
    private ImapCommandInfo? _running;
    private bool _condStore;
    private bool _qresync;
    private string? _idleTag;
    private string? _saslTag;
    private SaslExchange? _sasl;
    private int _loginFailures;
    private long _correlation;
    private Core.UidSet _saved = Core.UidSet.Empty;

    public ImapSession(IClientConnection connection, SessionServices services)
        : base(connection, services, "imap")
    {
        _w = new ImapWriter(_out);
        _tlsPossible = services.Certificate is not null && !connection.IsSecure;
        _limits = ImapLimits.Default with { AppendLimit = Math.Max(0, services.Settings.Imap.AppendLimit) };
        _receiver = new ImapReceiver(_limits);
        ReceiveInline<MailboxChanged>(OnMailboxChangedAsync);
        ReceiveWatchMessages();
    }

    public static Props Props(IClientConnection connection, SessionServices services) =>
        Akka.Actor.Props.Create(() => new ImapSession(connection, services));

    protected override string ProtocolName => "imap";

    protected override string Farewell => "* BYE [SERVERBUG] Internal server error";

    protected override void PreStart()
    {
        base.PreStart();
        _w.Status(null, ImapStatus.Ok, ImapCapabilities.Render(Facts()), "ActorMail ready");
        Send();
        _ = FlushAsync().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    protected override void PostStop()
    {
        // Unfinished APPEND literals are thrown away: nothing half-received is stored.
        _receiver.Abort();
        StopWatchTimers();
        if (_account is { } account)
        {
            Services.Mailboxes.Tell(new MailboxEnvelope(account, new UnwatchMailbox(Self)));
        }

        base.PostStop();
    }

    protected override async Task OnDataAsync(ReadOnlyMemory<byte> chunk)
    {
        try
        {
            _receiver.Feed(chunk.Span);
            while (!IsClosing && !TlsPending && _receiver.TryRead(out var ev))
            {
                await HandleEventAsync(ev);
            }

            if (!IsClosing)
            {
                Send();
                await FlushOutsideAsync();
            }
        }
        catch (IOException e)
        {
            Log.Debug("Connection lost: {Reason}", e.Message);
            await CloseAsync();
        }
    }

    protected override Task OnTlsEstablishedAsync()
    {
        _receiver = new ImapReceiver(_limits);
        return Task.CompletedTask;
    }

    protected override async Task OnIdleAsync()
    {
        _w.Status(null, ImapStatus.Bye, null, "Idle timeout, closing");
        Send();
        await CloseAsync();
    }

    private async Task HandleEventAsync(ImapReceiverEvent ev)
    {
        switch (ev)
        {
            case ImapReceiverEvent.Command c:
                await CommandAsync(c.Frame);
                break;
            case ImapReceiverEvent.NeedContinuation n:
                Continuation(n);
                break;
            case ImapReceiverEvent.NeedSink s:
                _receiver.AcceptLiteral(IsAuthenticated ? new AppendSpool() : new DiscardSink());
                break;
            case ImapReceiverEvent.IdleLine idle:
                if (_idleTag is { } tag)
                {
                    _idleTag = null;
                    if (idle.IsDone) Tagged(tag, ImapStatus.Ok, null, "IDLE terminated");
                    else Tagged(tag, ImapStatus.Bad, null, "Expected DONE");
                }

                break;
            case ImapReceiverEvent.AuthenticateLine a:
                ProtocolLog.Client("***");
                if (_sasl is { } exchange && _saslTag is { } saslTag)
                {
                    if (a.IsCancel)
                    {
                        _sasl = null;
                        Tagged(saslTag, ImapStatus.Bad, null, "Authentication cancelled");
                        break;
                    }

                    await SaslStepAsync(saslTag, exchange.Continue(Encoding.ASCII.GetString(a.Line)));
                }

                break;
            case ImapReceiverEvent.Rejected r:
                ProtocolLog.Client("(rejected input: " + r.Error + ")");
                _w.Status(r.Tag, ImapStatus.Bad, null, r.Text);
                if (r.IsFatal)
                {
                    _w.Status(null, ImapStatus.Bye, null, "Input cannot be recovered, closing");
                    Send();
                    await CloseAsync();
                }

                break;
        }
    }

    private void Continuation(ImapReceiverEvent.NeedContinuation n)
    {
        var tag = n.Tag ?? "*";
        if (n.IsAppend && !IsAuthenticated)
        {
            Tagged(tag, ImapStatus.Bad, null, ImapErrors.NotAuthenticated);
            _receiver.RejectLiteral();
            return;
        }

        if (!n.WithinLimit)
        {
            if (n.IsAppend) Tagged(tag, ImapStatus.No, ImapResponseCode.TooBig, "Message too large");
            else Tagged(tag, ImapStatus.Bad, null, ImapErrors.LiteralTooLarge);
            _receiver.RejectLiteral();
            return;
        }

        _w.Continuation();
        _receiver.AcceptLiteral(n.IsAppend ? new AppendSpool() : null);
    }

    private bool IsAuthenticated => _state is ImapState.Authenticated or ImapState.Selected;

    private async Task CommandAsync(ImapFrame frame)
    {
        try
        {
            var parsed = ImapParser.Parse(frame, ImapParseOptions.Default with { MaxNesting = _limits.MaxNesting });
            if (ProtocolLog.Enabled) ProtocolLog.Client(parsed.Command is { } pc ? MaskedText(pc, frame) : "(unparsable command)");
            if (!parsed.IsSuccess)
            {
                _w.Raw(parsed.ErrorResponse!).EndLine();
                return;
            }

            var command = parsed.Command!;
            if (ImapCommandTable.Check(command.Name, _state) is { } refusal)
            {
                Tagged(command.Tag, ImapStatus.Bad, null, refusal);
                return;
            }

            _running = ImapCommandTable.For(command);
            try
            {
                if (_state == ImapState.Selected && !await SelectionUsableAsync(command)) return;
                await RunAsync(command);
            }
            catch (Exception e) when (e is AskTimeoutException or TimeoutException or BlobNotFoundException or InvalidOperationException)
            {
                Log.Warning("IMAP {Command} failed: {Reason}", command.Name, e.Message);
                Tagged(command.Tag, ImapStatus.No, ImapResponseCode.Unavailable, "Temporarily unavailable, try again");
            }
            finally
            {
                _running = null;
            }
        }
        finally
        {
            foreach (var literal in frame.Literals)
            {
                (literal.Sink as IDisposable)?.Dispose();
            }
        }

        if (_out.WrittenCount > FlushThreshold)
        {
            Send();
            await FlushOutsideAsync();
        }
    }

    private static string MaskedText(ImapCommand command, ImapFrame frame) => command switch
    {
        LoginCommand or AuthenticateCommand => command.ToString(),
        _ => Encoding.UTF8.GetString(frame.Lines[0]),
    };

    private Task RunAsync(ImapCommand command) => command switch
    {
        CapabilityCommand c => Done(c.Tag, () => _w.Untagged().Raw(ImapCapabilities.Render(Facts())).EndLine()),
        NoopCommand c => Done(c.Tag),
        CheckCommand c => Done(c.Tag),
        LogoutCommand c => LogoutAsync(c),
        StartTlsCommand c => StartTlsAsync(c),
        LoginCommand c => LoginCommandAsync(c),
        AuthenticateCommand c => AuthenticateAsync(c),
        IdCommand c => Done(c.Tag, () => _w.Untagged().Raw("ID (\"name\" \"ActorMail\")").EndLine()),
        EnableCommand c => Done(c.Tag, () => Enable(c)),
        NamespaceCommand c => Done(c.Tag, () => _w.Untagged().Raw("NAMESPACE ((\"\" \"/\")) NIL NIL").EndLine()),
        IdleCommand c => Idle(c),
        SelectCommand c => SelectAsync(c),
        CreateCommand c => CreateAsync(c),
        DeleteCommand c => DeleteAsync(c),
        RenameCommand c => RenameAsync(c),
        SubscribeCommand c => SubscribeAsync(c.Tag, c.Mailbox, true),
        UnsubscribeCommand c => SubscribeAsync(c.Tag, c.Mailbox, false),
        ListCommand c => ListAsync(c),
        LsubCommand c => LsubAsync(c),
        StatusCommand c => StatusAsync(c),
        AppendCommand c => AppendAsync(c),
        CloseCommand c => CloseMailboxAsync(c),
        UnselectCommand c => Done(c.Tag, Deselect),
        ExpungeCommand c => ExpungeAsync(c),
        SearchCommand c => SearchAsync(c),
        FetchCommand c => FetchAsync(c),
        StoreCommand c => StoreAsync(c),
        CopyCommand c => CopyAsync(c.Tag, c.IsUid, c.Set, c.Mailbox, move: false),
        MoveCommand c => CopyAsync(c.Tag, c.IsUid, c.Set, c.Mailbox, move: true),
        _ => Done(command.Tag, null, ImapStatus.Bad, "Unknown command"),
    };

    /// <summary>Writes the untagged data, then the due updates and the tagged completion.</summary>
    private Task Done(string tag, Action? untagged = null, ImapStatus status = ImapStatus.Ok, string text = "Completed")
    {
        untagged?.Invoke();
        Tagged(tag, status, null, text);
        return Task.CompletedTask;
    }

    /// <summary>The tagged completion, preceded (in the selected state) by the updates this command may carry.</summary>
    private void Tagged(string tag, ImapStatus status, string? code, string text)
    {
        if (_selected is { } sel && _state == ImapState.Selected)
        {
            sel.Flush(_w, _running?.AllowsExpungeResponses ?? true, _qresync, _condStore);
        }

        _w.Status(tag, status, code, text);
        if (ProtocolLog.Full) ProtocolLog.Server($"{tag} {status} {(code is null ? "" : "[" + code + "] ")}{text}");
    }

    private void Send()
    {
        if (_out.WrittenCount == 0) return;
        Write(_out.WrittenMemory);
        _out.ResetWrittenCount();
    }

    private ImapCapabilityFacts Facts() => new(
        Connection.IsSecure,
        _tlsPossible,
        PlaintextAllowed,
        Services.Settings.Imap.AppendLimit,
        IsAuthenticated);

    private bool PlaintextAllowed =>
        PlaintextPolicy.Allows(Services.Settings.Auth.Plaintext, Connection.RemoteEndPoint.Address, Connection.IsSecure);

    private async Task LogoutAsync(LogoutCommand c)
    {
        _w.Status(null, ImapStatus.Bye, null, "ActorMail logging out");
        _w.Status(c.Tag, ImapStatus.Ok, null, "LOGOUT completed");
        _state = ImapState.Logout;
        Send();
        await CloseAsync();
    }

    private async Task StartTlsAsync(StartTlsCommand c)
    {
        if (!_tlsPossible)
        {
            Tagged(c.Tag, ImapStatus.Bad, null, "STARTTLS is not available");
            return;
        }

        if (_receiver.HasBufferedInput)
        {
            // Bytes pipelined behind STARTTLS were sent in plaintext: never executed (RFC 9051 §6.2.1).
            Log.Information("Discarding input pipelined behind STARTTLS");
            _receiver = new ImapReceiver(_limits);
        }

        Tagged(c.Tag, ImapStatus.Ok, null, "Begin TLS negotiation now");
        Send();
        await UpgradeToTlsAsync();
    }

    private async Task LoginCommandAsync(LoginCommand c)
    {
        if (!PlaintextAllowed)
        {
            Tagged(c.Tag, ImapStatus.No, ImapResponseCode.PrivacyRequired, "Plaintext login is not allowed here; use TLS");
            return;
        }

        await LoginAsync(c.Tag, c.User, c.Password);
    }

    private async Task AuthenticateAsync(AuthenticateCommand c)
    {
        if (!c.Mechanism.Equals("PLAIN", StringComparison.OrdinalIgnoreCase) || SaslExchange.Create(c.Mechanism) is not { } exchange)
        {
            Tagged(c.Tag, ImapStatus.No, ImapResponseCode.Cannot, "Unsupported authentication mechanism");
            return;
        }

        if (!PlaintextAllowed)
        {
            Tagged(c.Tag, ImapStatus.No, ImapResponseCode.PrivacyRequired, "Plaintext authentication is not allowed here; use TLS");
            return;
        }

        _sasl = exchange;
        _saslTag = c.Tag;
        await SaslStepAsync(c.Tag, exchange.Start(c.InitialResponse));
    }

    private async Task SaslStepAsync(string tag, SaslStep step)
    {
        switch (step.Kind)
        {
            case SaslStepKind.Challenge:
                _w.Raw("+ ").Raw(step.Challenge).EndLine();
                _receiver.BeginAuthenticateResponse();
                break;
            case SaslStepKind.Completed:
                _sasl = null;
                var credentials = step.Credentials!;
                if (credentials.AuthorizationId.Length > 0
                    && !string.Equals(credentials.AuthorizationId, credentials.AuthenticationId, StringComparison.OrdinalIgnoreCase))
                {
                    Tagged(tag, ImapStatus.No, ImapResponseCode.AuthenticationFailed, "Authentication failed");
                    break;
                }

                await LoginAsync(tag, credentials.AuthenticationId, credentials.Password);
                break;
            default:
                _sasl = null;
                Tagged(tag, ImapStatus.Bad, null, step.Failure == SaslFailure.Cancelled ? "Authentication cancelled" : "Malformed authentication data");
                break;
        }
    }

    private async Task LoginAsync(string tag, string login, string password)
    {
        var result = await Outside(Services.Authenticator.AuthenticateAsync(login, password, Connection.RemoteEndPoint.Address, CancellationToken.None));
        if (result is not AuthResult.Success success)
        {
            var reason = (result as AuthResult.Failed)?.Reason;
            Log.Information("IMAP login failed ({Reason})", reason);
            _loginFailures++;
            if (reason == AuthFailure.TooManyFailures) Tagged(tag, ImapStatus.No, ImapResponseCode.Unavailable, "Too many failed logins; try again later");
            else Tagged(tag, ImapStatus.No, ImapResponseCode.AuthenticationFailed, "Authentication failed");
            if (_loginFailures >= MaxLoginFailures)
            {
                _w.Status(null, ImapStatus.Bye, null, "Too many failed logins");
                Send();
                await CloseAsync();
            }

            return;
        }

        _account = success.AccountKey;
        // A mailbox that never received anything is initialised (default folders) before it is listed.
        var folders = await AskAsync(new ListFoldersQuery());
        if (folders is FolderList { Folders.Count: 0 })
        {
            await AskAsync(new SetSubscription(MailboxState.Inbox, true));
        }

        RequestWatch();
        _state = ImapState.Authenticated;
        Log.Information("IMAP login of {Account}", _account);
        Tagged(tag, ImapStatus.Ok, ImapCapabilities.Render(Facts()), "Logged in");
    }

    private void Enable(EnableCommand c)
    {
        var enabled = new List<string>();
        foreach (var cap in c.Capabilities)
        {
            if (cap == "CONDSTORE" && !_condStore)
            {
                _condStore = true;
                enabled.Add(cap);
            }
            else if (cap == "QRESYNC" && !_qresync)
            {
                _qresync = true;
                _condStore = true;
                enabled.Add(cap);
            }
        }

        _w.Untagged().Raw("ENABLED");
        foreach (var e in enabled) _w.Space().Raw(e);
        _w.EndLine();
    }

    private Task Idle(IdleCommand c)
    {
        _w.Continuation("idling");
        _receiver.BeginIdle();
        _idleTag = c.Tag;
        _selected?.Flush(_w, allowExpunge: true, _qresync, _condStore);
        return Task.CompletedTask;
    }

    private async Task OnMailboxChangedAsync(MailboxChanged changed)
    {
        if (IsClosing || _selected is not { } sel || changed.Account != _account) return;
        switch (changed.Event)
        {
            case E.MessageAdded a when a.FolderId == sel.FolderId:
                sel.Added([a.Uid]);
                sel.RaiseModSeq(a.ModSeq);
                break;
            case E.MessagesCopied m when m.TargetFolderId == sel.FolderId:
                var count = (uint)m.SourceUids.Count;
                sel.Added(Enumerable.Range(0, (int)count).Select(i => m.FirstTargetUid + (uint)i));
                sel.RaiseModSeq(m.ModSeq);
                break;
            case E.MessagesExpunged x when x.FolderId == sel.FolderId:
                sel.Expunged(x.Uids, x.ModSeq);
                break;
            case E.FlagsChanged f when f.FolderId == sel.FolderId:
                sel.FlagsChanged(f.ModSeq, f.Changes);
                break;
            case E.FolderDeleted d when d.FolderId == sel.FolderId:
                sel.Gone = true;
                break;
            case E.FolderNoSelectSet n when n.FolderId == sel.FolderId:
                sel.Gone = true;
                break;
            case E.FolderRenamed:
                sel.NameStale = true;
                break;
        }

        await PushToIdlerAsync(sel);
    }

    /// <summary>Asks the account's mailbox entity; the answer is the command's result or a <see cref="MailboxDecision.Failure"/>.</summary>
    private async Task<object> AskAsync(object message)
    {
        var response = await Outside(Services.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(_account!, message, ++_correlation), AskTimeout));
        return response.Result;
    }

    /// <summary>In IDLE, sends what is pending for the selected folder at once (RFC 2177).</summary>
    private async Task PushToIdlerAsync(SelectedMailbox sel)
    {
        if (_idleTag is null || !sel.HasPending) return;
        sel.Flush(_w, allowExpunge: true, _qresync, _condStore);
        Send();
        try
        {
            await FlushOutsideAsync();
        }
        catch (IOException)
        {
            await CloseAsync();
        }
    }
}
