using ActorMail.Accounts.Authentication;
using ActorMail.Core;
using ActorMail.Protocols.Sasl;
using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Sessions.Smtp;

/// <summary>STARTTLS and AUTH: upgrades the connection to TLS (RFC 3207) and logs the client in over SASL (RFC 4954).</summary>
internal sealed class SmtpSecurity(ISmtpConversation conversation, SmtpSessionState session, SmtpReceiver rx)
{
    private SaslExchange? _sasl;
    private int _authFailures;

    // ---- STARTTLS (RFC 3207)

    /// <summary>STARTTLS: resets the session to its state before the greeting and runs the handshake.</summary>
    public async Task StartTlsAsync()
    {
        if (rx.HasBufferedInput)
        {
            // commands pipelined behind STARTTLS would run as if they came over TLS (RFC 3207 §5)
            conversation.Log.Warning("Commands pipelined after STARTTLS from {RemoteAddress}; closing", conversation.RemoteIp);
            rx.DiscardBufferedInput();
            conversation.Reply(SmtpReplies.StartTlsPipelined);
            await conversation.CloseAsync();
            return;
        }
        session.Transaction.Reset();
        session.State = SmtpState.TlsPending;
        session.Greeted = false;
        session.Extended = false;
        session.Helo = "";
        session.AuthUser = null;
        conversation.Reply(SmtpReplies.TlsGoAhead);
        await conversation.UpgradeToTlsAsync();
    }

    // ---- AUTH (RFC 4954)

    /// <summary>AUTH: starts the SASL exchange of the named mechanism.</summary>
    public async Task BeginAuthAsync(AuthCommand a)
    {
        if (SaslExchange.Create(a.Mechanism) is not { } exchange)
        {
            conversation.Reply(SmtpReplies.AuthMechanismUnknown);
            return;
        }
        await StepAsync(exchange, exchange.Start(a.InitialResponse));
    }

    /// <summary>A client response to a SASL challenge.</summary>
    public async Task ContinueSaslAsync(string line)
    {
        var exchange = _sasl;
        _sasl = null;
        if (exchange is null)
        {
            await conversation.BadAsync(SmtpReplies.BadSequence);
            return;
        }
        await StepAsync(exchange, exchange.Continue(line));
    }

    /// <summary>Forgets the SASL exchange in progress (its response line was too long).</summary>
    public void AbandonSasl() => _sasl = null;

    private async Task StepAsync(SaslExchange exchange, SaslStep step)
    {
        switch (step.Kind)
        {
            case SaslStepKind.Challenge:
                _sasl = exchange;
                conversation.Reply(SmtpReplies.AuthChallenge(step.Challenge));
                rx.BeginSaslResponse();
                break;
            case SaslStepKind.Failed:
                conversation.Reply(SmtpReplies.ForSaslFailure(step.Failure));
                break;
            case SaslStepKind.Completed:
                await CheckCredentialsAsync(step.Credentials!);
                break;
        }
    }

    private async Task CheckCredentialsAsync(SaslCredentials credentials)
    {
        await conversation.FlushQuietlyAsync();
        var log = conversation.Log;
        var remoteIp = conversation.RemoteIp;
        AuthResult result;
        try
        {
            result = await conversation.Outside(conversation.Services.Authenticator.AuthenticateAsync(credentials.AuthenticationId, credentials.Password, remoteIp, CancellationToken.None));
        }
        catch (Exception e)
        {
            log.Error(e, "Authentication could not be checked");
            conversation.Reply(SmtpReplies.AuthTemporaryFailure);
            return;
        }
        if (result is AuthResult.Success ok && AuthorizationAllowed(credentials.AuthorizationId, ok.AccountKey))
        {
            session.AuthUser = ok.AccountKey;
            log.Information("Authenticated as {Account}", ok.AccountKey);
            conversation.Reply(SmtpReplies.AuthSucceeded);
            return;
        }
        _authFailures++;
        var reason = result is AuthResult.Failed f ? f.Reason : AuthFailure.BadCredentials;
        log.Warning("Authentication failed for {Login} from {RemoteAddress}: {Reason}", credentials.AuthenticationId, remoteIp, reason);
        if (reason == AuthFailure.TooManyFailures || _authFailures >= SmtpSession.MaxAuthFailuresPerSession)
        {
            conversation.Reply(SmtpReplies.AuthTooMany);
            await conversation.CloseAsync();
            return;
        }
        conversation.Reply(SmtpReplies.AuthFailed);
    }

    // an authorization identity other than the login's own account is not supported
    private bool AuthorizationAllowed(string authzid, string accountKey)
    {
        if (authzid.Length == 0) return true;
        var services = conversation.Services;
        var primary = services.Directory.Current.PrimaryDomain ?? services.Settings.Domains.Primary;
        return MailAddress.TryParseLogin(authzid, primary, out var z) && z.Key == accountKey;
    }
}
