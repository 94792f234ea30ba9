using System.Text;
using ActorMail.Accounts.Authentication;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Protocols.Sasl;
using Serilog;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// LOGIN and AUTHENTICATE PLAIN for one IMAP session: the SASL exchange, the credential check and the count
/// of failed logins, after which the connection is closed.
/// </summary>
/// <remarks>
/// Runs on the session's thread and is given what it needs from it: whether plaintext credentials are allowed
/// on this connection, the credential check (with reading paused), the receiver's switch to reading a SASL
/// response line, sending and closing, and the session's completion of a successful login (tag, account key).
/// </remarks>
internal sealed class ImapAuthentication(
    ImapConversation conversation,
    ILogger log,
    Func<bool> plaintextAllowed,
    Func<string, string, Task<AuthResult>> authenticate,
    Action awaitResponseLine,
    Func<Task> sendAndClose,
    Func<string, string, Task> loggedIn)
{
    /// <summary>Failed logins after which the connection is closed.</summary>
    private const int MaxLoginFailures = 3;

    private string? _saslTag;
    private SaslExchange? _sasl;
    private int _loginFailures;

    public async Task LoginCommandAsync(LoginCommand c)
    {
        if (!plaintextAllowed())
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.PrivacyRequired, "Plaintext login is not allowed here; use TLS");
            return;
        }

        await LoginAsync(c.Tag, c.User, c.Password);
    }

    public async Task AuthenticateAsync(AuthenticateCommand c)
    {
        if (!c.Mechanism.Equals("PLAIN", StringComparison.OrdinalIgnoreCase) || SaslExchange.Create(c.Mechanism) is not { } exchange)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.Cannot, "Unsupported authentication mechanism");
            return;
        }

        if (!plaintextAllowed())
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.PrivacyRequired, "Plaintext authentication is not allowed here; use TLS");
            return;
        }

        _sasl = exchange;
        _saslTag = c.Tag;
        await SaslStepAsync(c.Tag, exchange.Start(c.InitialResponse));
    }

    /// <summary>The client's line answering a challenge of the running exchange (or cancelling it).</summary>
    public async Task ResponseLineAsync(ImapReceiverEvent.AuthenticateLine a)
    {
        if (_sasl is { } exchange && _saslTag is { } saslTag)
        {
            if (a.IsCancel)
            {
                _sasl = null;
                conversation.Tagged(saslTag, ImapStatus.Bad, null, "Authentication cancelled");
                return;
            }

            await SaslStepAsync(saslTag, exchange.Continue(Encoding.ASCII.GetString(a.Line)));
        }
    }

    private async Task SaslStepAsync(string tag, SaslStep step)
    {
        switch (step.Kind)
        {
            case SaslStepKind.Challenge:
                conversation.W.Raw("+ ").Raw(step.Challenge).EndLine();
                awaitResponseLine();
                break;
            case SaslStepKind.Completed:
                _sasl = null;
                var credentials = step.Credentials!;
                if (credentials.ActsAsAnother)
                {
                    conversation.Tagged(tag, ImapStatus.No, ImapResponseCode.AuthenticationFailed, "Authentication failed");
                    break;
                }

                await LoginAsync(tag, credentials.AuthenticationId, credentials.Password);
                break;
            default:
                _sasl = null;
                conversation.Tagged(tag, ImapStatus.Bad, null, step.Failure == SaslFailure.Cancelled ? "Authentication cancelled" : "Malformed authentication data");
                break;
        }
    }

    private async Task LoginAsync(string tag, string login, string password)
    {
        var result = await authenticate(login, password);
        if (result is not AuthResult.Success success)
        {
            var reason = (result as AuthResult.Failed)?.Reason;
            log.Information("IMAP login failed ({Reason})", reason);
            _loginFailures++;
            if (reason == AuthFailure.TooManyFailures) conversation.Tagged(tag, ImapStatus.No, ImapResponseCode.Unavailable, "Too many failed logins; try again later");
            else conversation.Tagged(tag, ImapStatus.No, ImapResponseCode.AuthenticationFailed, "Authentication failed");
            if (_loginFailures >= MaxLoginFailures)
            {
                conversation.W.Status(null, ImapStatus.Bye, null, "Too many failed logins");
                await sendAndClose();
            }

            return;
        }

        await loggedIn(tag, success.AccountKey);
    }
}
