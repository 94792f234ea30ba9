using System.Globalization;
using ActorMail.Protocols.Sasl;

namespace ActorMail.Protocols.Smtp;

/// <summary>
/// Every reply ActorMail's SMTP server sends. Texts are generic: they never name accounts,
/// limits, versions or configuration.
/// </summary>
public static class SmtpReplies
{
    // ---- greeting and goodbye ----

    /// <summary>220 greeting (no enhanced code: ENHANCEDSTATUSCODES is not negotiated yet).</summary>
    public static SmtpReply Greeting(string hostName) => new(220, null, hostName + " ESMTP ready");

    public static readonly SmtpReply Bye = new(221, "2.0.0", "Bye");

    /// <summary>421 for an unexpected failure of the session; the connection is closed.</summary>
    public static readonly SmtpReply ServiceClosing = new(421, "4.3.0", "Service not available, closing connection");

    /// <summary>421 when the node shuts down.</summary>
    public static readonly SmtpReply ShuttingDown = new(421, "4.3.2", "Service shutting down, closing connection");

    /// <summary>421 after the idle timeout.</summary>
    public static readonly SmtpReply Timeout = new(421, "4.4.2", "Timeout, closing connection");

    public static readonly SmtpReply TooManyErrors = new(421, "4.7.0", "Too many errors, closing connection");

    public static readonly SmtpReply TooManyConnections = new(421, "4.7.0", "Too many connections, try again later");

    /// <summary>554 greeting for a refused client address.</summary>
    public static readonly SmtpReply AccessDenied = new(554, "5.7.1", "Access denied");

    // ---- success ----

    public static readonly SmtpReply Ok = new(250, "2.0.0", "OK");

    /// <summary>250 to HELO (no extensions, so no enhanced code).</summary>
    public static SmtpReply HeloReply(string hostName, string clientName) => new(250, null, hostName + " Hello " + clientName);

    public static readonly SmtpReply SenderOk = new(250, "2.1.0", "Sender OK");

    public static readonly SmtpReply RecipientOk = new(250, "2.1.5", "Recipient OK");

    /// <summary>250 after DATA or the last BDAT chunk, once the message is durable.</summary>
    public static SmtpReply MessageAccepted(string id) => new(250, "2.0.0", "OK: queued as " + id);

    /// <summary>250 after a BDAT chunk that is not the last one.</summary>
    public static SmtpReply ChunkAccepted(long size) =>
        new(250, "2.0.0", size.ToString(CultureInfo.InvariantCulture) + " octets received");

    /// <summary>354 (no enhanced code: RFC 2034 leaves 354 without one).</summary>
    public static readonly SmtpReply DataStart = new(354, null, "End data with <CR><LF>.<CR><LF>");

    public static readonly SmtpReply HelpText = new(214, "2.0.0",
        "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT HELP VRFY STARTTLS AUTH\nSee RFC 5321");

    /// <summary>252: VRFY never reveals whether a mailbox exists (RFC 5321 §7.3).</summary>
    public static readonly SmtpReply Vrfy = new(252, "2.1.5", "Cannot verify user, but will accept message and attempt delivery");

    // ---- command syntax and sequence ----

    public static readonly SmtpReply SyntaxError = new(500, "5.5.2", "Syntax error");

    /// <summary>500: a command line over the limit (the rest of the line was discarded).</summary>
    public static readonly SmtpReply LineTooLong = new(500, "5.5.2", "Line too long");

    public static readonly SmtpReply UnknownCommand = new(500, "5.5.1", "Command unrecognized");

    /// <summary>502: a command of an extension that is not offered (EXPN, BDAT without CHUNKING, AUTH without mechanisms).</summary>
    public static readonly SmtpReply CommandNotImplemented = new(502, "5.5.1", "Command not implemented");

    public static readonly SmtpReply BadSequence = new(503, "5.5.1", "Bad sequence of commands");

    public static readonly SmtpReply NeedHelo = new(503, "5.5.1", "Send EHLO or HELO first");

    public static readonly SmtpReply NeedMail = new(503, "5.5.1", "Need MAIL command first");

    public static readonly SmtpReply NeedRcpt = new(503, "5.5.1", "Need RCPT command first");

    public static readonly SmtpReply NestedMail = new(503, "5.5.1", "Sender already specified");

    public static readonly SmtpReply AlreadyAuthenticated = new(503, "5.5.1", "Already authenticated");

    public static readonly SmtpReply AuthNotInTransaction = new(503, "5.5.1", "AUTH not permitted during a mail transaction");

    public static readonly SmtpReply AlreadyTls = new(503, "5.5.1", "TLS already active");

    /// <summary>554 to DATA/BDAT when every RCPT of the transaction was refused (RFC 2920 §3.1).</summary>
    public static readonly SmtpReply NoValidRecipients = new(554, "5.5.1", "No valid recipients");

    public static readonly SmtpReply InvalidArguments = new(501, "5.5.4", "Syntax error in parameters or arguments");

    public static readonly SmtpReply NoArgumentsAllowed = new(501, "5.5.4", "No arguments allowed");

    public static readonly SmtpReply InvalidDomain = new(501, "5.5.4", "Invalid domain name");

    public static readonly SmtpReply BadSenderSyntax = new(501, "5.1.7", "Bad sender address syntax");

    public static readonly SmtpReply BadRecipientSyntax = new(501, "5.1.3", "Bad recipient address syntax");

    public static readonly SmtpReply SenderTooLong = new(501, "5.1.7", "Sender address too long");

    public static readonly SmtpReply RecipientTooLong = new(501, "5.1.3", "Recipient address too long");

    public static readonly SmtpReply DuplicateParameter = new(501, "5.5.4", "Duplicate parameter");

    public static readonly SmtpReply InvalidParameterValue = new(501, "5.5.4", "Invalid parameter value");

    /// <summary>555: a MAIL/RCPT parameter not recognized or not offered (RFC 5321 §4.1.1.11).</summary>
    public static readonly SmtpReply ParamNotRecognized = new(555, "5.5.4", "Parameter not recognized");

    /// <summary>553: a non-ASCII address without SMTPUTF8 (RFC 6531 §3.7.4.1).</summary>
    public static readonly SmtpReply Utf8AddressNotPermitted = new(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");

    // ---- transaction policy ----

    public static readonly SmtpReply TooManyRecipients = new(452, "4.5.3", "Too many recipients");

    /// <summary>552 after DATA/BDAT when the message went over the size limit (it was read to its end and discarded).</summary>
    public static readonly SmtpReply MessageTooBig = new(552, "5.3.4", "Message size exceeds limit");

    /// <summary>552 at MAIL when the declared SIZE is over the limit (RFC 1870 §6.1).</summary>
    public static readonly SmtpReply SizeExceedsLimit = new(552, "5.3.4", "Message size exceeds fixed maximum message size");

    /// <summary>552 after DATA when a line of the message was over the line limit (the message was read to its end and discarded).</summary>
    public static readonly SmtpReply DataLineTooLong = new(552, "5.3.4", "Message line too long");

    /// <summary>554 after DATA when the message held bare CR or LF and the session refuses such messages.</summary>
    public static readonly SmtpReply BareLineEnding = new(554, "5.6.0", "Bare CR or LF not allowed in message");

    public static readonly SmtpReply UnknownUser = new(550, "5.1.1", "Mailbox unavailable");

    public static readonly SmtpReply RelayDenied = new(554, "5.7.1", "Relay access denied");

    /// <summary>553 on submission when MAIL FROM is not the authenticated account or one of its aliases.</summary>
    public static readonly SmtpReply SenderNotOwned = new(553, "5.7.1", "Sender address not owned by authenticated user");

    /// <summary>553 when the sender must be a local account and is not.</summary>
    public static readonly SmtpReply SenderNotLocal = new(553, "5.7.1", "Sender address rejected");

    public static readonly SmtpReply TooManyHops = new(554, "5.4.6", "Too many hops");

    public static readonly SmtpReply TemporaryFailure = new(451, "4.3.0", "Temporary failure, try again later");

    /// <summary>452 when the store or journal cannot take the message (disk full, journal failure).</summary>
    public static readonly SmtpReply StorageFull = new(452, "4.3.1", "Insufficient system storage");

    // ---- STARTTLS (RFC 3207) ----

    public static readonly SmtpReply TlsGoAhead = new(220, "2.0.0", "Ready to start TLS");

    public static readonly SmtpReply TlsNotAvailable = new(454, "4.7.0", "TLS not available");

    /// <summary>554 when commands were pipelined behind STARTTLS (RFC 3207 §5); the connection is closed unexecuted.</summary>
    public static readonly SmtpReply StartTlsPipelined = new(554, "5.5.1", "Commands after STARTTLS must wait for the TLS handshake");

    public static readonly SmtpReply TlsRequired = new(530, "5.7.0", "Must issue a STARTTLS command first");

    // ---- AUTH (RFC 4954 §6) ----

    /// <summary>334 with a base64 challenge (empty for PLAIN without initial response).</summary>
    public static SmtpReply AuthChallenge(string base64) => new(334, null, base64);

    public static readonly SmtpReply AuthRequired = new(530, "5.7.0", "Authentication required");

    public static readonly SmtpReply AuthSucceeded = new(235, "2.7.0", "Authentication successful");

    public static readonly SmtpReply AuthFailed = new(535, "5.7.8", "Authentication credentials invalid");

    public static readonly SmtpReply AuthCancelled = new(501, "5.0.0", "Authentication cancelled");

    public static readonly SmtpReply AuthBadBase64 = new(501, "5.5.2", "Cannot decode response");

    public static readonly SmtpReply AuthLineTooLong = new(500, "5.5.6", "Authentication exchange line too long");

    public static readonly SmtpReply AuthMechanismUnknown = new(504, "5.5.4", "Unrecognized authentication type");

    public static readonly SmtpReply AuthTemporaryFailure = new(454, "4.7.0", "Temporary authentication failure");

    /// <summary>454 while the client address is over its failure limit.</summary>
    public static readonly SmtpReply AuthRateLimited = new(454, "4.7.0", "Too many authentication failures, try again later");

    /// <summary>421 when the session closes after too many failures.</summary>
    public static readonly SmtpReply AuthTooMany = new(421, "4.7.0", "Too many authentication failures, closing connection");

    /// <summary>The reply for a SASL exchange that failed before any credential check.</summary>
    public static SmtpReply ForSaslFailure(SaslFailure failure) => failure switch
    {
        SaslFailure.Cancelled => AuthCancelled,
        SaslFailure.MalformedBase64 => AuthBadBase64,
        _ => AuthFailed,
    };

    public static readonly SmtpReply EncryptionRequired = new(538, "5.7.11", "Encryption required for requested authentication mechanism");
}
