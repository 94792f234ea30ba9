using System.Text;

namespace ActorMail.Protocols.Sasl;

/// <summary>SASL PLAIN (RFC 4616): one message "authzid NUL authcid NUL passwd", base64-encoded.</summary>
public sealed class SaslPlain : SaslExchange
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private bool _waiting;
    private bool _over;

    public override string Mechanism => "PLAIN";

    public override SaslStep Start(string? initialResponse)
    {
        if (initialResponse is null)
        {
            _waiting = true;
            return SaslStep.Ask("");
        }
        return Finish(initialResponse);
    }

    public override SaslStep Continue(string response)
    {
        if (_over || !_waiting) return SaslStep.Fail(SaslFailure.ExchangeOver);
        if (IsCancel(response))
        {
            _over = true;
            return SaslStep.Fail(SaslFailure.Cancelled);
        }
        return Finish(response);
    }

    private SaslStep Finish(string base64)
    {
        _over = true;
        return TryDecode(base64, out var credentials, out var failure) ? SaslStep.Done(credentials) : SaslStep.Fail(failure);
    }

    /// <summary>Decodes a PLAIN message; on failure <paramref name="failure"/> says why.</summary>
    public static bool TryDecode(string base64, out SaslCredentials credentials, out SaslFailure failure)
    {
        credentials = new SaslCredentials("", "", "");
        if (!SaslBase64.TryDecode(base64, out var bytes))
        {
            failure = SaslFailure.MalformedBase64;
            return false;
        }
        var span = bytes.AsSpan();
        int first = span.IndexOf((byte)0);
        int second = first < 0 ? -1 : span[(first + 1)..].IndexOf((byte)0);
        if (first < 0 || second < 0 || span[(first + 1 + second + 1)..].IndexOf((byte)0) >= 0)
        {
            failure = SaslFailure.Malformed;
            return false;
        }
        var authzid = span[..first];
        var authcid = span.Slice(first + 1, second);
        var password = span[(first + 1 + second + 1)..];
        if (authcid.IsEmpty)
        {
            failure = SaslFailure.EmptyAuthenticationId;
            return false;
        }
        if (password.IsEmpty)
        {
            failure = SaslFailure.EmptyPassword;
            return false;
        }
        if (authzid.Length > SaslCredentials.MaxFieldOctets || authcid.Length > SaslCredentials.MaxFieldOctets ||
            password.Length > SaslCredentials.MaxFieldOctets)
        {
            failure = SaslFailure.TooLong;
            return false;
        }
        try
        {
            credentials = new SaslCredentials(StrictUtf8.GetString(authzid), StrictUtf8.GetString(authcid), StrictUtf8.GetString(password));
        }
        catch (DecoderFallbackException)
        {
            failure = SaslFailure.InvalidUtf8;
            return false;
        }
        failure = SaslFailure.None;
        return true;
    }
}
