namespace ActorMail.Protocols.Smtp;

/// <summary>Framing limits of one SMTP session. Every length includes the line's CRLF.</summary>
/// <param name="CommandLineLength">Longest command line (RFC 5321 §4.5.3.1.4: 512). Longer lines are answered 500 5.5.2.</param>
/// <param name="SaslLineLength">Longest AUTH command line and SASL response line (RFC 4954 §4: 12,288).</param>
/// <param name="DataLineLength">Longest line inside DATA (RFC 5322 §2.1.1: 1,000); 0 means no limit.</param>
public sealed record SmtpLimits(int CommandLineLength = 512, int SaslLineLength = 12288, int DataLineLength = 1000)
{
    /// <summary>512 / 12,288 / 1,000.</summary>
    public static readonly SmtpLimits Default = new();
}
