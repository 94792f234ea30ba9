using System.Globalization;
using System.Text;
using ActorMail.Core;
using MimeKit;

namespace ActorMail.Delivery.Outbound;

/// <summary>Everything one delivery status notification reports.</summary>
/// <param name="ReportingMta">This node's HELO name (Reporting-MTA: dns; …).</param>
/// <param name="PrimaryDomain">The From is MAILER-DAEMON at this domain.</param>
/// <param name="To">Who gets the notice (the original sender, or the postmaster).</param>
/// <param name="QueueId">The queue id of the original message (X-ActorMail-Queue-ID).</param>
public sealed record DsnReport(
    string ReportingMta,
    string PrimaryDomain,
    MailAddress To,
    string QueueId,
    string? EnvelopeId,
    DateTimeOffset ArrivalDate,
    DsnReturn Return,
    IReadOnlyList<DsnEntry> Entries,
    DateTimeOffset? RetryUntil = null);

/// <summary>
/// Builds RFC 3464 notices: multipart/report; report-type=delivery-status with a human-readable
/// part, a message/delivery-status part and the original message (full for failures unless
/// RET=HDRS, as Postfix does; headers only for delay and relay notices).
/// </summary>
public static class DsnBuilder
{
    public static MimeMessage Build(DsnReport report, MimeMessage original, DateTimeOffset now)
    {
        if (report.Entries.Count == 0) throw new ArgumentException("a DSN needs at least one recipient", nameof(report));
        var action = report.Entries[0].Action;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + report.PrimaryDomain));
        message.To.Add(new MailboxAddress("", report.To.ToString()));
        message.Date = now;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(report.ReportingMta);
        message.Subject = action switch
        {
            DsnAction.Failed => "Undelivered Mail Returned to Sender",
            DsnAction.Delayed => "Delayed Mail (still being retried)",
            _ => "Successful Mail Delivery Report",
        };
        message.Headers.Add("Auto-Submitted", "auto-replied");
        message.Headers.Add("X-ActorMail-Queue-ID", report.QueueId);

        var container = new MultipartReport("delivery-status");
        container.Add(new TextPart("plain") { Text = HumanText(report, original), ContentTransferEncoding = ContentEncoding.QuotedPrintable });

        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList();
        perMessage.Add("Reporting-MTA", "dns; " + report.ReportingMta);
        if (report.EnvelopeId is not null) perMessage.Add("Original-Envelope-Id", report.EnvelopeId);
        perMessage.Add("X-ActorMail-Queue-ID", report.QueueId);
        perMessage.Add("Arrival-Date", MimeKit.Utils.DateUtils.FormatDate(report.ArrivalDate));
        status.StatusGroups.Add(perMessage);
        foreach (var e in report.Entries)
        {
            var g = new HeaderList();
            g.Add("Final-Recipient", "rfc822; " + e.Recipient.Address);
            if (e.Recipient.OriginalRecipient is { } orcpt) g.Add("Original-Recipient", NormalizeOrcpt(orcpt));
            g.Add("Action", e.Action switch { DsnAction.Failed => "failed", DsnAction.Delayed => "delayed", _ => "relayed" });
            g.Add("Status", e.Outcome.Status);
            if (e.Outcome.RemoteMta is { } mta) g.Add("Remote-MTA", "dns; " + mta);
            g.Add("Diagnostic-Code", (e.Outcome.FromSmtpReply ? "smtp; " : "X-ActorMail; ") + OneLine(e.Outcome.Diagnostic));
            g.Add("Last-Attempt-Date", MimeKit.Utils.DateUtils.FormatDate(now));
            if (e.Action == DsnAction.Delayed && report.RetryUntil is { } until)
                g.Add("Will-Retry-Until", MimeKit.Utils.DateUtils.FormatDate(until));
            status.StatusGroups.Add(g);
        }
        container.Add(status);

        bool full = action == DsnAction.Failed && report.Return != DsnReturn.Headers;
        if (full)
        {
            container.Add(new MessagePart("rfc822") { Message = original });
        }
        else
        {
            var copy = new MimeMessage();
            copy.Headers.Clear();
            foreach (var h in original.Headers) copy.Headers.Add(h.Clone());
            var headers = new TextRfc822Headers { Message = copy };
            container.Add(headers);
        }
        message.Body = container;
        return message;
    }

    /// <summary>ORCPT as kept by the SMTP server ("rfc822;a@b") in DSN form ("rfc822; a@b").</summary>
    private static string NormalizeOrcpt(string orcpt)
    {
        int semi = orcpt.IndexOf(';');
        return semi < 0 ? "rfc822; " + orcpt.Trim() : orcpt[..semi].Trim() + "; " + orcpt[(semi + 1)..].Trim();
    }

    private static string OneLine(string s) => s.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();

    private static string HumanText(DsnReport report, MimeMessage original)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"This is the mail system at host {report.ReportingMta}.\n\n");
        var action = report.Entries[0].Action;
        switch (action)
        {
            case DsnAction.Failed:
                sb.Append("I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n");
                break;
            case DsnAction.Delayed:
                sb.Append("Your message could not be delivered yet to one or more recipients.\nThe mail system will keep trying");
                if (report.RetryUntil is { } until) sb.Append(CultureInfo.InvariantCulture, $" until {until:u}");
                sb.Append(".\nYou do not need to resend it.\n");
                break;
            default:
                sb.Append("Your message was successfully relayed to the following recipients.\nThe receiving system does not report further.\n");
                break;
        }
        sb.Append(CultureInfo.InvariantCulture, $"\nSubject: {original.Subject}\n\n");
        foreach (var e in report.Entries)
            sb.Append(CultureInfo.InvariantCulture, $"<{e.Recipient.Address}>: {OneLine(e.Outcome.Diagnostic)}\n");
        return sb.ToString();
    }
}
