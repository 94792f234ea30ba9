using System.Net;
using ActorMail.Core;

namespace ActorMail.Configuration;

/// <summary>
/// All settings of a node, bound once at start-up from the layered configuration and validated.
/// Derived defaults (postmaster, connection string, TLS paths, EHLO name) are already filled in.
/// </summary>
public sealed record ActorMailSettings
{
    /// <summary>Absolute path of the data folder.</summary>
    public required string DataDir { get; init; }
    public required IPAddress ListenAddress { get; init; }
    public required DomainSettings Domains { get; init; }
    public required MailAddress Postmaster { get; init; }
    public required ConnectionMode Connection { get; init; }
    public required StorageSettings Storage { get; init; }
    public required TlsSettings Tls { get; init; }
    public required LogSettings Log { get; init; }
    public required AuthSettings Auth { get; init; }
    public required SmtpSettings Smtp { get; init; }
    public required ImapSettings Imap { get; init; }
    public required Pop3Settings Pop3 { get; init; }
    public required HttpSettings Http { get; init; }
    public required DeliverySettings Delivery { get; init; }
    public required ClusterSettings Cluster { get; init; }
}
