using System.Net;
using ActorMail.Protocols.Smtp;
using ActorMail.Sessions.Common;
using ActorMail.Transport;
using Serilog;

namespace ActorMail.Sessions.Smtp;

/// <summary>What the SMTP session actor lends its command handlers: its connection, logs, replies and actor-only steps.</summary>
internal interface ISmtpConversation
{
    SessionServices Services { get; }

    IClientConnection Connection { get; }

    ILogger Log { get; }

    ProtocolLogger ProtocolLog { get; }

    IPAddress RemoteIp { get; }

    /// <summary>Writes (without flushing) a reply, logging it in the full protocol log.</summary>
    void Reply(SmtpReply reply);

    /// <summary>Logs the refusal of a command and writes its reply.</summary>
    void Refuse(string command, string address, SmtpReply reply);

    /// <summary>Answers a bad command, closing the session after too many.</summary>
    Task BadAsync(SmtpReply reply);

    /// <summary>Flushes what was written, ignoring a client that went away.</summary>
    Task FlushQuietlyAsync();

    /// <summary>Awaits work outside the actor with reading paused.</summary>
    Task<T> Outside<T>(Task<T> work);

    /// <summary>Flushes, closes the connection and stops the session.</summary>
    Task CloseAsync();

    /// <summary>Flushes the go-ahead and runs the TLS handshake.</summary>
    Task UpgradeToTlsAsync();
}
