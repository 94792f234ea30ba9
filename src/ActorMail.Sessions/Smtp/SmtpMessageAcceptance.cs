using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Protocols.Smtp;
using ActorMail.Sessions.Common;

namespace ActorMail.Sessions.Smtp;

/// <summary>Accepts a received message: scans its header, prefixes the trace headers and stores it through the ingest log.</summary>
internal sealed class SmtpMessageAcceptance(ISmtpConversation conversation, SmtpSessionState session, SmtpSettings smtp)
{
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(30);

    private readonly SmtpDelivery _delivery = new(conversation.Services, IngestTimeout);

    /// <summary>Stores the transaction's message; the reply is 250 with the queue id only once the ingest log has it.</summary>
    public async Task<SmtpReply> DeliverAsync(MessageSpool body)
    {
        var transaction = session.Transaction;
        var mail = transaction.Mail!;
        HeaderSummary headers;
        if (body.IsInMemory)
        {
            headers = HeaderScan.Scan(body.Memory.Span);
        }
        else
        {
            // the header section is read again from the spool's first byte
            var reading = body.OpenRead();
            var scan = Task.Run(async () =>
            {
                await using (reading) return await StreamHeaderScan.ScanAsync(reading);
            });
            transaction.Storing = scan;
            try
            {
                headers = await conversation.Outside(scan);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                conversation.Log.Error(e, "Reading a spooled message failed");
                return SmtpReplies.TemporaryFailure;
            }
        }
        if (smtp.MaxHops > 0 && headers.ReceivedCount > smtp.MaxHops) return SmtpReplies.TooManyHops;

        var services = conversation.Services;
        var recipients = transaction.Recipients;
        var authUser = session.AuthUser;
        var now = services.Clock.Now.ToLocalTime();
        var localId = SmtpDelivery.NewLocalId();
        var received = new ReceivedInfo(session.Helo, conversation.RemoteIp, null, services.HostName, localId,
            recipients.Count == 1 ? recipients[0].Recipient.Address.ToString() : null, now,
            Extended: session.Extended, Tls: conversation.Connection.IsSecure, Authenticated: authUser is not null, Utf8: mail.SmtpUtf8);
        var prefix = SmtpMessage.TraceAndSubmissionHeaders(received, headers, authUser is not null, services.HostName, localId, now);
        var envelope = new MailEnvelope(mail.ReversePath, recipients.Select(r => r.Recipient).ToList(), mail.Ret, mail.EnvId, authUser);
        var routes = recipients.ToList();
        var work = body.IsInMemory
            ? _delivery.StoreAsync(envelope, routes, prefix, body)
            : Task.Run(() => _delivery.StoreAsync(envelope, routes, prefix, body)); // a large copy and hash: off the actor's thread
        transaction.Storing = work;
        var outcome = await conversation.Outside(work);
        if (outcome.Id is { } id)
        {
            conversation.Log.Information("Accepted {QueueId} from {From} for {Recipients} recipients, {Size} bytes",
                id, mail.ReversePath?.ToString() ?? "<>", routes.Count, body.Length);
            return SmtpReplies.MessageAccepted(id);
        }
        return outcome.Failure!;
    }
}
