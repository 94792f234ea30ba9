using System.Globalization;

namespace ActorMail.Protocols.Pop3;

/// <summary>
/// Every reply ActorMail's POP3 server sends. Texts are generic: none reveals whether a user exists or how the
/// server is configured.
/// </summary>
/// <remarks>Response codes: RFC 2449 §8 (<c>IN-USE</c>), RFC 3206 (<c>SYS/TEMP</c>, <c>SYS/PERM</c>, <c>AUTH</c>).</remarks>
public static class Pop3Replies
{
    /// <summary>Code for a failure caused by the user's credentials (RFC 3206 §4).</summary>
    public const string AuthCode = "AUTH";

    /// <summary>Code for a maildrop already locked by another session (RFC 2449 §8.1.1).</summary>
    public const string InUseCode = "IN-USE";

    /// <summary>Code for a temporary system failure (RFC 3206 §4).</summary>
    public const string SysTempCode = "SYS/TEMP";

    /// <summary>Code for a permanent system failure (RFC 3206 §4).</summary>
    public const string SysPermCode = "SYS/PERM";

    /// <summary>The SASL continuation with an empty challenge (RFC 5034 §4), sent after <c>AUTH PLAIN</c> without initial response.</summary>
    public const string AuthContinuation = "+ \r\n";

    /// <summary>Greeting on connect; carries no APOP timestamp since APOP is not offered.</summary>
    public static Pop3Reply Greeting { get; } = Ok("ActorMail POP3 ready");

    /// <summary>Plain success, e.g. NOOP.</summary>
    public static Pop3Reply Done { get; } = Ok(string.Empty);

    /// <summary>USER accepted, whether or not the user exists (the answer comes after PASS).</summary>
    public static Pop3Reply UserAccepted { get; } = Ok("Send PASS");

    /// <summary>Login succeeded; the session is in TRANSACTION.</summary>
    public static Pop3Reply LoggedIn { get; } = Ok("Logged in");

    /// <summary>Bad user name or password, or an unusable account; also used while login attempts are rate limited.</summary>
    public static Pop3Reply AuthFailed { get; } = Err(AuthCode, "Authentication failed");

    /// <summary>The maildrop is locked by another POP3 session.</summary>
    public static Pop3Reply InUse { get; } = Err(InUseCode, "Mailbox is locked by another session");

    /// <summary>A temporary failure of the server; the client may retry later.</summary>
    public static Pop3Reply TemporaryFailure { get; } = Err(SysTempCode, "Temporary server failure, try again later");

    /// <summary>A permanent failure of the server that retrying will not fix.</summary>
    public static Pop3Reply PermanentFailure { get; } = Err(SysPermCode, "Service not available");

    /// <summary>USER, PASS or AUTH PLAIN refused because this connection is not protected by TLS.</summary>
    public static Pop3Reply PlaintextDisallowed { get; } = Err(null, "Plaintext authentication requires TLS");

    /// <summary>The SASL mechanism is not offered.</summary>
    public static Pop3Reply MechanismNotSupported { get; } = Err(null, "Unsupported authentication mechanism");

    /// <summary>The client cancelled a SASL exchange with <c>*</c>.</summary>
    public static Pop3Reply AuthCancelled { get; } = Err(null, "Authentication cancelled");

    /// <summary>A SASL response that is not valid base64 or not a valid PLAIN message.</summary>
    public static Pop3Reply AuthMalformed { get; } = Err(null, "Invalid authentication response");

    /// <summary>APOP is recognised but not offered.</summary>
    public static Pop3Reply ApopNotSupported { get; } = Err(null, "APOP not supported");

    /// <summary>An unrecognised command keyword.</summary>
    public static Pop3Reply UnknownCommand { get; } = Err(null, "Unknown command");

    /// <summary>A known command that is not allowed in the session's current state.</summary>
    public static Pop3Reply WrongState { get; } = Err(null, "Command not valid in this state");

    /// <summary>A line over the configured limit; the session continues.</summary>
    public static Pop3Reply LineTooLong { get; } = Err(null, "Line too long");

    /// <summary>A command line with control characters.</summary>
    public static Pop3Reply InvalidCharacters { get; } = Err(null, "Invalid characters in command");

    /// <summary>A message number outside the maildrop.</summary>
    public static Pop3Reply NoSuchMessage { get; } = Err(null, "No such message");

    /// <summary>A message number that was marked deleted in this session.</summary>
    public static Pop3Reply MessageDeleted { get; } = Err(null, "Message is deleted");

    /// <summary>DELE succeeded.</summary>
    public static Pop3Reply Deleted { get; } = Ok("Message deleted");

    /// <summary>STLS accepted; the TLS handshake follows (RFC 2595 §4).</summary>
    public static Pop3Reply BeginTls { get; } = Ok("Begin TLS negotiation");

    /// <summary>Head of the CAPA listing.</summary>
    public static Pop3Reply CapabilitiesFollow { get; } = Ok("Capability list follows");

    /// <summary>Head of the mechanism listing answering AUTH without arguments.</summary>
    public static Pop3Reply MechanismsFollow { get; } = Ok("Supported mechanisms follow");

    /// <summary>Head of a multi-line UIDL listing.</summary>
    public static Pop3Reply UidlFollows { get; } = Ok("Unique-ID listing follows");

    /// <summary>Head of a TOP answer.</summary>
    public static Pop3Reply TopFollows { get; } = Ok("Top of message follows");

    /// <summary>QUIT: goodbye, with every deletion applied (or none asked for).</summary>
    public static Pop3Reply Bye { get; } = Ok("ActorMail POP3 signing off");

    /// <summary>QUIT in TRANSACTION when the deletions could not be applied (RFC 1939 §6).</summary>
    public static Pop3Reply DeletionsFailed { get; } = Err(SysTempCode, "Some deleted messages not removed");

    /// <summary>Sent before closing an idle session (RFC 1939 §3 autologout); no deletion is applied.</summary>
    public static Pop3Reply IdleTimeout { get; } = Err(null, "Autologout, idle for too long");

    /// <summary>Sent before closing when the session fails unexpectedly.</summary>
    public static Pop3Reply InternalError { get; } = Err(SysTempCode, "Internal server error");

    /// <summary>STAT: <c>+OK count octets</c> (RFC 1939 §5, exact form required).</summary>
    public static Pop3Reply Stat(int count, long octets) => Ok(Invariant($"{count} {octets}"));

    /// <summary>LIST with an argument: <c>+OK n octets</c>.</summary>
    public static Pop3Reply ListEntry(int number, long octets) => Ok(Invariant($"{number} {octets}"));

    /// <summary>Head of a multi-line LIST answer.</summary>
    public static Pop3Reply ListFollows(int count, long octets) => Ok(Invariant($"{count} messages ({octets} octets)"));

    /// <summary>UIDL with an argument: <c>+OK n unique-id</c>.</summary>
    public static Pop3Reply UidlEntry(int number, string uniqueId) => Ok(Invariant($"{number} {uniqueId}"));

    /// <summary>Head of a RETR answer.</summary>
    public static Pop3Reply RetrFollows(long octets) => Ok(Invariant($"{octets} octets"));

    /// <summary>RSET: the maildrop with all deletion marks removed.</summary>
    public static Pop3Reply Reset(int count, long octets) => Ok(Invariant($"Maildrop has {count} messages ({octets} octets)"));

    /// <summary>A syntax error with a short explanation of the expected form.</summary>
    public static Pop3Reply Syntax(string text) => Err(null, text);

    private static Pop3Reply Ok(string text) => new(true, null, text);

    private static Pop3Reply Err(string? code, string text) => new(false, code, text);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
