using System.Text;
using ActorMail.Core;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Sessions.Smtp;

/// <summary>
/// Builds the stored forms of a received message: the trace header (and, on submission, Message-ID and
/// Date when missing) in front of the body; the local copy also starts with Return-Path (RFC 5321 §4.4).
/// Pure: the time and ids are passed in.
/// </summary>
internal static class SmtpMessage
{
    /// <summary>The header lines to put in front of the body of every copy (Received first).</summary>
    public static string TraceAndSubmissionHeaders(ReceivedInfo received, HeaderSummary headers, bool submission, string messageIdDomain,
        string messageId, DateTimeOffset now)
    {
        var sb = new StringBuilder(ReceivedHeader.Build(received));
        if (submission)
        {
            if (!headers.HasMessageId) sb.Append("Message-ID: <").Append(messageId).Append('@').Append(messageIdDomain).Append(">\r\n");
            if (!headers.HasDate) sb.Append("Date: ").Append(ReceivedHeader.FormatDate(now)).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>"Return-Path: &lt;sender&gt;" for final delivery; &lt;&gt; for the null sender.</summary>
    public static string ReturnPath(MailAddress? sender) => "Return-Path: <" + (sender?.ToString() ?? "") + ">\r\n";

    /// <summary>Prefix + body in one buffer.</summary>
    public static byte[] Compose(string prefix, ReadOnlySpan<byte> body)
    {
        int n = Encoding.UTF8.GetByteCount(prefix);
        var result = new byte[n + body.Length];
        Encoding.UTF8.GetBytes(prefix, result);
        body.CopyTo(result.AsSpan(n));
        return result;
    }
}
