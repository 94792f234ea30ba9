using System.Buffers;
using System.Text;
using ActorMail.Accounts.Authentication;
using ActorMail.Protocols.Pop3;
using ActorMail.Protocols.Sasl;
using ActorMail.Sessions.Common;
using ActorMail.Storage.Blobs;
using ActorMail.Transport;
using Akka.Actor;

namespace ActorMail.Sessions.Pop3;

/// <summary>
/// One POP3 connection (RFC 1939, RFC 2449 CAPA, RFC 5034 AUTH, RFC 2595 STLS).
/// </summary>
/// <remarks>
/// AUTHORIZATION: USER/PASS or AUTH PLAIN, where the plaintext policy allows them; a login takes the
/// node's maildrop lock of the account (a second session gets <c>-ERR [IN-USE]</c>) and a snapshot of
/// INBOX whose numbering never changes. TRANSACTION: deletions are only marks. UPDATE (after QUIT
/// only): the marked messages are removed in one mailbox command. A session that ends any other way
/// (client gone, idle timeout, failure) removes nothing; the lock is given back in <see cref="PostStop"/>.
/// </remarks>
public sealed class Pop3Session : ProtocolSession
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly MaildropLocks _locks;
    private readonly Pop3LineReceiver _receiver = new();
    private readonly bool _stlsPossible;
    private Pop3State _state = Pop3State.Authorization;
    private bool _userAccepted;
    private string? _userName;
    private SaslExchange? _sasl;
    private string? _lockedAccount;
    private Pop3Maildrop? _maildrop;
    private ArrayBufferWriter<byte>? _encodedBuffer;

    public Pop3Session(IClientConnection connection, SessionServices services, MaildropLocks locks)
        : base(connection, services, "pop3")
    {
        _locks = locks;
        _stlsPossible = services.Certificate is not null && !connection.IsSecure;
    }

    public static Props Props(IClientConnection connection, SessionServices services, MaildropLocks locks) =>
        Akka.Actor.Props.Create(() => new Pop3Session(connection, services, locks));

    protected override string ProtocolName => "pop3";

    protected override string Farewell => Pop3Replies.InternalError.ToString();

    protected override void PreStart()
    {
        base.PreStart();
        Reply(Pop3Replies.Greeting);
        _ = FlushAsync().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    protected override void PostStop()
    {
        ReleaseLock();
        base.PostStop();
    }

    protected override async Task OnDataAsync(ReadOnlyMemory<byte> chunk)
    {
        try
        {
            _receiver.Feed(chunk.Span);
            while (!IsClosing && !TlsPending && _receiver.TryRead(out var frame))
            {
                await HandleFrameAsync(frame);
            }

            if (!IsClosing)
            {
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
        // RFC 2595 §4: the session starts over; nothing learnt before the handshake is kept.
        _receiver.Clear();
        _userAccepted = false;
        _userName = null;
        _sasl = null;
        return Task.CompletedTask;
    }

    protected override async Task OnIdleAsync()
    {
        Reply(Pop3Replies.IdleTimeout);
        await CloseAsync();
    }

    private async Task HandleFrameAsync(Pop3Frame frame)
    {
        switch (frame.Kind)
        {
            case Pop3FrameKind.LineTooLong:
                ProtocolLog.Client("(line too long)");
                _sasl = null;
                _userAccepted = false;
                Reply(Pop3Replies.LineTooLong);
                break;
            case Pop3FrameKind.AuthCancelled:
                ProtocolLog.Client("*");
                _sasl = null;
                Reply(Pop3Replies.AuthCancelled);
                break;
            case Pop3FrameKind.AuthResponse:
                ProtocolLog.Client("***");
                if (_sasl is { } exchange)
                {
                    await SaslStepAsync(exchange.Continue(frame.Text));
                }

                break;
            default:
                await HandleCommandAsync(frame.Text);
                break;
        }
    }

    private async Task HandleCommandAsync(string line)
    {
        ProtocolLog.Client(Pop3LogMask.Mask(line));
        bool afterUser = _userAccepted;
        _userAccepted = false;
        var parsed = Pop3Parser.Parse(line, _state);
        if (!parsed.IsSuccess)
        {
            Reply(parsed.Error);
            return;
        }

        var facts = Facts(afterUser);
        if (Pop3StateTable.Check(_state, parsed.Command, facts) is { } refusal)
        {
            Reply(refusal);
            return;
        }

        switch (parsed.Command)
        {
            case CapaCommand:
                WriteText(Pop3Capabilities.Render(facts));
                break;
            case QuitCommand:
                await QuitAsync();
                break;
            case UserCommand user:
                _userName = user.Name;
                _userAccepted = true;
                Reply(Pop3Replies.UserAccepted);
                break;
            case PassCommand pass:
                await LoginAsync(_userName ?? string.Empty, pass.Password);
                break;
            case AuthCommand auth:
                await AuthAsync(auth, facts);
                break;
            case ApopCommand:
                Reply(Pop3Replies.ApopNotSupported);
                break;
            case StlsCommand:
                await StartTlsAsync();
                break;
            default:
                await TransactionAsync(parsed.Command, _maildrop!);
                break;
        }
    }

    private async Task TransactionAsync(Pop3Command command, Pop3Maildrop maildrop)
    {
        var output = new ArrayBufferWriter<byte>();
        if (Pop3MaildropCommands.TryAnswer(command, maildrop.View, output))
        {
            var text = output.WrittenSpan;
            ProtocolLog.Server(Encoding.ASCII.GetString(text[..Math.Max(0, text.IndexOf((byte)'\r'))]));
            Write(output.WrittenMemory);
            return;
        }

        switch (command)
        {
            case RetrCommand retr:
                await SendMessageAsync(maildrop, retr.MessageNumber, null);
                break;
            case TopCommand top:
                await SendMessageAsync(maildrop, top.MessageNumber, top.Lines);
                break;
            default:
                Reply(Pop3Replies.UnknownCommand);
                break;
        }
    }

    /// <summary>RETR (<paramref name="topLines"/> null) or TOP: the status line, then the body streamed from the blob store.</summary>
    private async Task SendMessageAsync(Pop3Maildrop maildrop, int number, int? topLines)
    {
        if (!maildrop.View.TryGet(number, out var message, out var error))
        {
            Reply(error);
            return;
        }

        Stream body;
        try
        {
            body = Services.Blobs.OpenRead(maildrop.Blobs[number - 1]);
        }
        catch (BlobNotFoundException)
        {
            Log.Error("Body of message {Uid} is missing from the blob store", message.Uid);
            Reply(Pop3Replies.TemporaryFailure);
            return;
        }

        await using (body)
        {
            Reply(topLines is null ? Pop3Replies.RetrFollows(message.Size) : Pop3Replies.TopFollows);
            var limiter = topLines is { } lines ? new Pop3TopLimiter(lines) : null;
            await Outside(Pop3BodyWriter.WriteAsync(Connection, body, limiter, _encodedBuffer ??= new(Pop3Output.ChunkSize + (Pop3Output.ChunkSize / 2))));
        }
    }

    private async Task AuthAsync(AuthCommand auth, Pop3SessionFacts facts)
    {
        if (auth.Mechanism is null)
        {
            WriteText(Pop3Capabilities.RenderMechanisms(facts));
            return;
        }

        if (!Pop3Capabilities.IsMechanismOffered(facts, auth.Mechanism) || SaslExchange.Create(auth.Mechanism) is not { } exchange)
        {
            Reply(Pop3Replies.MechanismNotSupported);
            return;
        }

        _sasl = exchange;
        await SaslStepAsync(exchange.Start(auth.InitialResponse));
    }

    private async Task SaslStepAsync(SaslStep step)
    {
        switch (step.Kind)
        {
            case SaslStepKind.Challenge:
                WriteText(step.Challenge.Length == 0 ? Pop3Replies.AuthContinuation : "+ " + step.Challenge + "\r\n");
                _receiver.ExpectAuthResponse();
                break;
            case SaslStepKind.Completed:
                _sasl = null;
                var credentials = step.Credentials!;
                if (credentials.ActsAsAnother)
                {
                    // Acting as another user is not offered.
                    Reply(Pop3Replies.AuthFailed);
                    break;
                }

                await LoginAsync(credentials.AuthenticationId, credentials.Password);
                break;
            default:
                _sasl = null;
                Reply(step.Failure == SaslFailure.Cancelled ? Pop3Replies.AuthCancelled : Pop3Replies.AuthMalformed);
                break;
        }
    }

    /// <summary>Checks the credentials, takes the maildrop lock and the INBOX snapshot; enters TRANSACTION on success.</summary>
    private async Task LoginAsync(string login, string password)
    {
        var remote = Connection.RemoteEndPoint.Address;
        var result = await Outside(Services.Authenticator.AuthenticateAsync(login, password, remote, CancellationToken.None));
        if (result is not AuthResult.Success success)
        {
            Log.Information("POP3 login failed ({Reason})", (result as AuthResult.Failed)?.Reason);
            Reply(Pop3Replies.AuthFailed);
            return;
        }

        var account = success.AccountKey;
        if (!_locks.TryAcquire(account, Connection.Id))
        {
            Log.Information("POP3 login of {Account} refused: maildrop in use", account);
            Reply(Pop3Replies.InUse);
            return;
        }

        _lockedAccount = account;
        try
        {
            _maildrop = await Outside(Pop3Maildrop.LoadAsync(Services.Mailboxes, account, AskTimeout));
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException or InvalidOperationException)
        {
            Log.Warning("POP3 maildrop of {Account} could not be read: {Reason}", account, e.Message);
            ReleaseLock();
            Reply(Pop3Replies.TemporaryFailure);
            return;
        }

        _state = Pop3State.Transaction;
        Log.Information("POP3 login of {Account}: {Count} messages", account, _maildrop.View.MessageCount);
        Reply(Pop3Replies.LoggedIn);
    }

    private async Task StartTlsAsync()
    {
        if (_receiver.HasBufferedInput)
        {
            // Commands pipelined behind STLS were sent in plaintext: refuse them all by closing.
            Log.Information("Closing: input pipelined behind STLS");
            await CloseAsync();
            return;
        }

        Reply(Pop3Replies.BeginTls);
        await UpgradeToTlsAsync();
    }

    /// <summary>QUIT: in TRANSACTION, enters UPDATE and removes the marked messages atomically, then says goodbye.</summary>
    private async Task QuitAsync()
    {
        var reply = Pop3Replies.Bye;
        if (_state == Pop3State.Transaction && _maildrop is { } maildrop && _lockedAccount is { } account)
        {
            _state = Pop3State.Update;
            try
            {
                if (!await Outside(maildrop.ApplyDeletionsAsync(Services.Mailboxes, account, AskTimeout)))
                {
                    reply = Pop3Replies.DeletionsFailed;
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TimeoutException)
            {
                Log.Warning("POP3 deletions of {Account} not applied: {Reason}", account, e.Message);
                reply = Pop3Replies.DeletionsFailed;
            }

            ReleaseLock();
        }

        Reply(reply);
        await CloseAsync();
    }

    private Pop3SessionFacts Facts(bool userAccepted) => new(
        Connection.IsSecure,
        _stlsPossible && _state == Pop3State.Authorization,
        PlaintextPolicy.Allows(Services.Settings.Auth.Plaintext, Connection.RemoteEndPoint.Address, Connection.IsSecure),
        userAccepted);

    private void ReleaseLock()
    {
        if (_lockedAccount is { } account)
        {
            _lockedAccount = null;
            _locks.Release(account, Connection.Id);
        }
    }

    private void Reply(Pop3Reply reply) => WriteLine(reply.ToString());

    /// <summary>Writes preformatted text (CRLF line ends included); only its first line goes to the protocol log.</summary>
    private void WriteText(string text)
    {
        ProtocolLog.Server(text[..Math.Max(0, text.IndexOf('\r'))]);
        Write(Encoding.UTF8.GetBytes(text));
    }
}
