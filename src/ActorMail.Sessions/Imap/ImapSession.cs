using System.Text;
using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Sessions.Common;
using ActorMail.Storage.Blobs;
using ActorMail.Storage.Summaries;
using ActorMail.Transport;
using Akka.Actor;

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
/// stops or restarts, the session registers again and catches up (<see cref="ImapLiveUpdates"/>). The state its
/// commands share is an <see cref="ImapConversation"/>; the commands themselves run in collaborators given
/// what they need: <see cref="ImapAuthentication"/> (LOGIN, AUTHENTICATE), <see cref="ImapSelection"/>
/// (SELECT, EXAMINE, CLOSE), <see cref="ImapFolderCommands"/> (LIST, STATUS, CREATE…), and one handler per
/// message command (FETCH, SEARCH, STORE, COPY/MOVE, EXPUNGE, APPEND) and for IDLE. What needs the actor (receiving
/// messages, watching the entity, the scheduler, <c>Self</c>) stays here or is passed in as a delegate.
/// </remarks>
public sealed class ImapSession : ProtocolSession
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly ImapOutput _output;
    private readonly ImapWriter _w;
    private readonly bool _tlsPossible;
    private readonly ImapLimits _limits;
    private readonly ImapConversation _conversation;
    private readonly ImapMailboxQueries _mailbox;
    private readonly ImapAuthentication _authentication;
    private readonly ImapIdleHandler _idle;
    private readonly ImapSelection _selection;
    private readonly ImapFolderCommands _folders;
    private readonly ImapFetchHandler _fetch;
    private readonly ImapSearchHandler _search;
    private readonly ImapStoreHandler _store;
    private readonly ImapCopyHandler _copy;
    private readonly ImapExpungeHandler _expunge;
    private readonly ImapAppendHandler _append;
    private readonly ImapLiveUpdates _liveUpdates;
    private ImapReceiver _receiver;
    private string? _account;
    private long _correlation;

    public ImapSession(IClientConnection connection, SessionServices services)
        : base(connection, services, "imap")
    {
        _output = new ImapOutput(Write, FlushOutsideAsync);
        _w = _output.W;
        _tlsPossible = services.Certificate is not null && !connection.IsSecure;
        _limits = ImapLimits.Default with { AppendLimit = Math.Max(0, services.Settings.Imap.AppendLimit) };
        _receiver = new ImapReceiver(_limits);
        _conversation = new ImapConversation(_w, ProtocolLog);
        _mailbox = new ImapMailboxQueries(AskAsync);
        _authentication = new ImapAuthentication(
            _conversation,
            Log,
            () => PlaintextAllowed,
            (login, password) => Outside(Services.Authenticator.AuthenticateAsync(login, password, Connection.RemoteEndPoint.Address, CancellationToken.None)),
            () => _receiver.BeginAuthenticateResponse(),
            SendAndCloseAsync,
            LoggedInAsync);
        _idle = new ImapIdleHandler(_conversation, () => _receiver.BeginIdle());
        _selection = new ImapSelection(_conversation, _mailbox);
        _folders = new ImapFolderCommands(_conversation, _mailbox, services.Settings.Imap.AppendLimit);
        _fetch = new ImapFetchHandler(_conversation, _mailbox, _output, Services.Blobs, Log, SummaryAsync, Outside);
        _search = new ImapSearchHandler(_conversation, _mailbox, SummaryAsync, blob => Services.Blobs.OpenRead(blob));
        _store = new ImapStoreHandler(_conversation, _mailbox);
        _copy = new ImapCopyHandler(_conversation, _mailbox);
        _expunge = new ImapExpungeHandler(_conversation, _mailbox);
        _append = new ImapAppendHandler(_conversation, _mailbox, spool => Outside(spool.StoreAsync(Services.Blobs, Services.Summaries)));
        _liveUpdates = new ImapLiveUpdates(
            _conversation,
            _mailbox,
            _output,
            Log,
            () => _account,
            () => IsClosing,
            () => _idle.IsIdling,
            () => Services.Mailboxes.Tell(new MailboxEnvelope(_account!, new WatchMailbox(Self)), Self),
            (delay, message) => Context.System.Scheduler.ScheduleTellOnceCancelable(delay, Self, message, Self),
            entity => Context.Watch(entity),
            entity => Context.Unwatch(entity),
            CloseAsync);
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
        _output.Send();
        _ = FlushAsync().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    protected override void PostStop()
    {
        // Unfinished APPEND literals are thrown away: nothing half-received is stored.
        _receiver.Abort();
        _liveUpdates.StopTimers();
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
                _output.Send();
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
        await SendAndCloseAsync();
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
                _idle.LineReceived(idle);
                break;
            case ImapReceiverEvent.AuthenticateLine a:
                ProtocolLog.Client("***");
                await _authentication.ResponseLineAsync(a);
                break;
            case ImapReceiverEvent.Rejected r:
                ProtocolLog.Client("(rejected input: " + r.Error + ")");
                _w.Status(r.Tag, ImapStatus.Bad, null, r.Text);
                if (r.IsFatal)
                {
                    _w.Status(null, ImapStatus.Bye, null, "Input cannot be recovered, closing");
                    await SendAndCloseAsync();
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

    private bool IsAuthenticated => _conversation.IsAuthenticated;

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
            if (ImapCommandTable.Check(command.Name, _conversation.State) is { } refusal)
            {
                Tagged(command.Tag, ImapStatus.Bad, null, refusal);
                return;
            }

            _conversation.Running = ImapCommandTable.For(command);
            try
            {
                if (_conversation.State == ImapState.Selected && !await _selection.SelectionUsableAsync(command)) return;
                await RunAsync(command);
            }
            catch (Exception e) when (e is AskTimeoutException or TimeoutException or BlobNotFoundException or InvalidOperationException)
            {
                Log.Warning("IMAP {Command} failed: {Reason}", command.Name, e.Message);
                Tagged(command.Tag, ImapStatus.No, ImapResponseCode.Unavailable, "Temporarily unavailable, try again");
            }
            finally
            {
                _conversation.Running = null;
            }
        }
        finally
        {
            foreach (var literal in frame.Literals)
            {
                (literal.Sink as IDisposable)?.Dispose();
            }
        }

        await _output.SendIfFullAsync();
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
        LoginCommand c => _authentication.LoginCommandAsync(c),
        AuthenticateCommand c => _authentication.AuthenticateAsync(c),
        IdCommand c => Done(c.Tag, () => _w.Untagged().Raw("ID (\"name\" \"ActorMail\")").EndLine()),
        EnableCommand c => Done(c.Tag, () => _conversation.Enable(c)),
        NamespaceCommand c => Done(c.Tag, () => _w.Untagged().Raw("NAMESPACE ((\"\" \"/\")) NIL NIL").EndLine()),
        IdleCommand c => _idle.IdleAsync(c),
        SelectCommand c => _selection.SelectAsync(c),
        CreateCommand c => _folders.CreateAsync(c),
        DeleteCommand c => _folders.DeleteAsync(c),
        RenameCommand c => _folders.RenameAsync(c),
        SubscribeCommand c => _folders.SubscribeAsync(c.Tag, c.Mailbox, true),
        UnsubscribeCommand c => _folders.SubscribeAsync(c.Tag, c.Mailbox, false),
        ListCommand c => _folders.ListAsync(c),
        LsubCommand c => _folders.LsubAsync(c),
        StatusCommand c => _folders.StatusAsync(c),
        AppendCommand c => _append.AppendAsync(c),
        CloseCommand c => _selection.CloseMailboxAsync(c),
        UnselectCommand c => Done(c.Tag, _conversation.Deselect),
        ExpungeCommand c => _expunge.ExpungeAsync(c),
        SearchCommand c => _search.SearchAsync(c),
        FetchCommand c => _fetch.FetchAsync(c),
        StoreCommand c => _store.StoreAsync(c),
        CopyCommand c => _copy.CopyAsync(c.Tag, c.IsUid, c.Set, c.Mailbox, move: false),
        MoveCommand c => _copy.CopyAsync(c.Tag, c.IsUid, c.Set, c.Mailbox, move: true),
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
    private void Tagged(string tag, ImapStatus status, string? code, string text) => _conversation.Tagged(tag, status, code, text);

    /// <summary>Sends what is buffered, then closes the connection and stops the session.</summary>
    private async Task SendAndCloseAsync()
    {
        _output.Send();
        await CloseAsync();
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
        _conversation.State = ImapState.Logout;
        await SendAndCloseAsync();
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
        _output.Send();
        await UpgradeToTlsAsync();
    }

    /// <summary>After a successful login: initialises the account's mailbox, watches it, answers OK with the capabilities.</summary>
    private async Task LoggedInAsync(string tag, string account)
    {
        _account = account;
        // A mailbox that never received anything is initialised (default folders) before it is listed.
        var folders = await AskAsync(new ListFoldersQuery());
        if (folders is FolderList { Folders.Count: 0 })
        {
            await AskAsync(new SetSubscription(MailboxState.Inbox, true));
        }

        _liveUpdates.RequestWatch();
        _conversation.State = ImapState.Authenticated;
        Log.Information("IMAP login of {Account}", _account);
        Tagged(tag, ImapStatus.Ok, ImapCapabilities.Render(Facts()), "Logged in");
    }

    /// <summary>Asks the account's mailbox entity; the answer is the command's result or a <see cref="MailboxDecision.Failure"/>.</summary>
    private async Task<object> AskAsync(object message)
    {
        var response = await Outside(Services.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(_account!, message, ++_correlation), AskTimeout));
        return response.Result;
    }

    private async Task<MessageSummary> SummaryAsync(BlobRef blob) =>
        await Outside(Services.Summaries.GetOrComputeAsync(blob, () => Services.Blobs.OpenRead(blob), CancellationToken.None).AsTask());

    /// <summary>The mailbox entity's notices and the watch's own timers, handed to <see cref="ImapLiveUpdates"/>.</summary>
    private void ReceiveWatchMessages()
    {
        ReceiveInline<MailboxChanged>(_liveUpdates.OnMailboxChangedAsync);
        ReceiveInline<MailboxWatched>(_liveUpdates.OnWatchedAsync);
        Receive<MailboxRestarting>(r => _liveUpdates.OnRestarting(r));
        Receive<Terminated>(t => _liveUpdates.OnTerminated(t));
        Receive<ImapLiveUpdates.WatchTimedOut>(t => _liveUpdates.OnTimedOut(t));
        Receive<ImapLiveUpdates.RewatchDue>(d => _liveUpdates.OnRewatchDue(d));
    }
}
