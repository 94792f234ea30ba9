namespace ActorMail.Protocols.Sasl;

/// <summary>
/// The server side of one SASL authentication exchange (RFC 4422), shared by SMTP AUTH, IMAP AUTHENTICATE
/// and POP3 AUTH. Pure: it decodes, it does not check passwords.
/// </summary>
public abstract class SaslExchange
{
    /// <summary>The mechanisms ActorMail implements, in the order they are offered.</summary>
    public static readonly IReadOnlyList<string> Mechanisms = ["PLAIN", "LOGIN"];

    /// <summary>The upper-case mechanism name.</summary>
    public abstract string Mechanism { get; }

    /// <summary>Starts the exchange; <paramref name="initialResponse"/> is null when none was sent, "" for "=".</summary>
    public abstract SaslStep Start(string? initialResponse);

    /// <summary>Takes one response line from the client; "*" cancels (RFC 4954 §4, RFC 9051 §6.2.2).</summary>
    public abstract SaslStep Continue(string response);

    /// <summary>An exchange for <paramref name="mechanism"/> (case-insensitive), or null when it is not implemented.</summary>
    public static SaslExchange? Create(string mechanism) => mechanism.ToUpperInvariant() switch
    {
        "PLAIN" => new SaslPlain(),
        "LOGIN" => new SaslLogin(),
        _ => null,
    };

    /// <summary>True when the client's line cancels the exchange.</summary>
    protected static bool IsCancel(string response) => response == "*";
}
