using System.Text;

namespace ActorMail.Protocols.Sasl;

/// <summary>
/// SASL LOGIN (draft-murchison-sasl-login): the server asks "Username:" then "Password:", each answer base64.
/// An initial response, when sent, is the user name.
/// </summary>
public sealed class SaslLogin : SaslExchange
{
    /// <summary>base64("Username:").</summary>
    public const string UsernameChallenge = "VXNlcm5hbWU6";

    /// <summary>base64("Password:").</summary>
    public const string PasswordChallenge = "UGFzc3dvcmQ6";

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private enum Stage { NotStarted, AwaitUser, AwaitPassword, Over }

    private Stage _stage;
    private string _user = "";

    public override string Mechanism => "LOGIN";

    public override SaslStep Start(string? initialResponse)
    {
        if (_stage != Stage.NotStarted) return Fail(SaslFailure.ExchangeOver);
        _stage = Stage.AwaitUser;
        return initialResponse is null ? SaslStep.Ask(UsernameChallenge) : TakeUser(initialResponse);
    }

    public override SaslStep Continue(string response)
    {
        if (_stage is Stage.NotStarted or Stage.Over) return Fail(SaslFailure.ExchangeOver);
        if (IsCancel(response)) return Fail(SaslFailure.Cancelled);
        if (_stage == Stage.AwaitUser) return TakeUser(response);

        if (Decode(response, out var password) is { } failure) return Fail(failure);
        if (password.Length == 0) return Fail(SaslFailure.EmptyPassword);
        _stage = Stage.Over;
        return SaslStep.Done(new SaslCredentials("", _user, password));
    }

    private SaslStep TakeUser(string base64)
    {
        if (Decode(base64, out var user) is { } failure) return Fail(failure);
        if (user.Length == 0) return Fail(SaslFailure.EmptyAuthenticationId);
        _user = user;
        _stage = Stage.AwaitPassword;
        return SaslStep.Ask(PasswordChallenge);
    }

    private SaslStep Fail(SaslFailure failure)
    {
        _stage = Stage.Over;
        return SaslStep.Fail(failure);
    }

    private static SaslFailure? Decode(string base64, out string text)
    {
        text = "";
        if (!SaslBase64.TryDecode(base64, out var bytes)) return SaslFailure.MalformedBase64;
        if (bytes.Length > SaslCredentials.MaxFieldOctets) return SaslFailure.TooLong;
        if (Array.IndexOf(bytes, (byte)0) >= 0) return SaslFailure.Malformed;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return SaslFailure.InvalidUtf8;
        }
        return null;
    }
}
