namespace ActorMail.Configuration;

/// <summary>SMTP listeners and limits (<c>actormail.smtp</c>). A port of -1 means that listener is off.</summary>
public sealed record SmtpSettings
{
    public required int Port { get; init; }
    public required int SubmissionPort { get; init; }
    public required int SslPort { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required SmtpAuthPolicy AuthPolicy { get; init; }
    public required bool StartTls { get; init; }
    public required bool SenderMustBeLocal { get; init; }
    public required bool AlwaysSendToInternet { get; init; }
    /// <summary>Bytes; advertised in EHLO SIZE.</summary>
    public required long MaxMessageSize { get; init; }
    public required int MaxRecipients { get; init; }
    public required int MaxBadCommands { get; init; }
    public required int MaxHops { get; init; }
    public required int MaxConnectionsPerIp { get; init; }
    public required AccessSettings Access { get; init; }
}
