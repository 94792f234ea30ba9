namespace ActorMail.Protocols.Pop3;

/// <summary><c>AUTH [mechanism [initial-response]]</c>: SASL authentication (RFC 5034 §4).</summary>
/// <param name="Mechanism">The mechanism in upper case; null for <c>AUTH</c> alone, which lists the mechanisms.</param>
/// <param name="InitialResponse">
/// The base64 initial response; empty when the client sent <c>=</c> (a zero-length response); null when absent,
/// in which case the server sends <see cref="Pop3Replies.AuthContinuation"/>.
/// </param>
public sealed record AuthCommand(string? Mechanism, string? InitialResponse) : Pop3Command
{
    /// <summary>The SASL PLAIN mechanism name (RFC 4616).</summary>
    public const string Plain = "PLAIN";

    private const int MaxMechanismLength = 20;

    public override Pop3Verb Verb => Pop3Verb.Auth;

    /// <summary>True for <c>AUTH PLAIN</c>, whose credentials are only base64-encoded.</summary>
    public override bool IsPlaintextLogin => Mechanism == Plain;

    internal static Pop3ParseResult Parse(Pop3Arguments args)
    {
        var words = args.Words;
        if (words.Length > 2)
        {
            return Pop3ParseResult.Failure(Pop3Replies.Syntax("AUTH takes a mechanism and an optional initial response"));
        }

        if (words.Length == 0)
        {
            return Pop3ParseResult.Success(new AuthCommand(null, null));
        }

        if (!IsMechanismName(words[0]))
        {
            return Pop3ParseResult.Failure(Pop3Replies.Syntax("Invalid mechanism name"));
        }

        string mechanism = words[0].ToUpperInvariant();
        if (words.Length == 1)
        {
            return Pop3ParseResult.Success(new AuthCommand(mechanism, null));
        }

        string response = words[1] == "=" ? string.Empty : words[1];
        return IsBase64(response)
            ? Pop3ParseResult.Success(new AuthCommand(mechanism, response))
            : Pop3ParseResult.Failure(Pop3Replies.AuthMalformed);
    }

    /// <summary>Never shows the initial response, which carries credentials.</summary>
    public override string ToString() =>
        $"AuthCommand {{ Mechanism = {Mechanism}, InitialResponse = {(InitialResponse is null ? "(none)" : "***")} }}";

    /// <summary>SASL mechanism name: 1 to 20 of A-Z, 0-9, '-', '_' (RFC 4422 §3.1), case-insensitive here.</summary>
    private static bool IsMechanismName(string s)
    {
        if (s.Length is 0 or > MaxMechanismLength)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Base64 alphabet with padding only at the end and a length that is a multiple of 4.</summary>
    private static bool IsBase64(string s)
    {
        if (s.Length % 4 != 0)
        {
            return false;
        }

        int padding = 0;
        foreach (char c in s)
        {
            if (c == '=')
            {
                padding++;
            }
            else if (padding > 0 || !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return false;
            }
        }

        return padding <= 2;
    }
}
