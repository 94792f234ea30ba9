using System.Globalization;

namespace ActorMail.Protocols.Smtp;

/// <summary>Builds the multi-line 250 reply to EHLO (RFC 5321 §4.1.1.1).</summary>
public static class EhloResponse
{
    /// <summary>The reply: "host Hello client", then one keyword per line.</summary>
    public static SmtpReply Build(string hostName, string clientName, EhloCapabilities capabilities)
    {
        var lines = new List<string> { hostName + " Hello " + clientName };
        if (capabilities.Pipelining) lines.Add("PIPELINING");
        lines.Add(capabilities.MaxMessageSize > 0
            ? "SIZE " + capabilities.MaxMessageSize.ToString(CultureInfo.InvariantCulture)
            : "SIZE");
        if (capabilities.StartTls) lines.Add("STARTTLS");
        if (capabilities.AuthMechanisms.Count > 0) lines.Add("AUTH " + string.Join(' ', capabilities.AuthMechanisms));
        if (capabilities.EnhancedStatusCodes) lines.Add("ENHANCEDSTATUSCODES");
        if (capabilities.EightBitMime) lines.Add("8BITMIME");
        if (capabilities.BinaryMime) lines.Add("BINARYMIME");
        if (capabilities.Chunking) lines.Add("CHUNKING");
        if (capabilities.Dsn) lines.Add("DSN");
        if (capabilities.SmtpUtf8) lines.Add("SMTPUTF8");
        return new SmtpReply(250, null, string.Join('\n', lines));
    }
}
