using System.Security.Cryptography;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Protocols.Smtp;
using ActorMail.Sessions.Common;
using Akka.Actor;

namespace ActorMail.Sessions.Smtp;

/// <summary>The result of storing one message: the ingest id, or the reply refusing it.</summary>
internal sealed record StoreOutcome(string? Id, SmtpReply? Failure);

/// <summary>
/// Makes a received message durable: writes the blob(s) (the local copy starts with Return-Path, the
/// remote copy does not), primes the summary cache for the local blob, and asks the ingest log. Success
/// only when every ingest request was accepted.
/// </summary>
internal sealed class SmtpDelivery(SessionServices services, TimeSpan ingestTimeout)
{
    /// <summary>A short id for the Received header of one message.</summary>
    public static string NewLocalId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public async Task<StoreOutcome> StoreAsync(MailEnvelope envelope, IReadOnlyList<RecipientRoute> routes, string tracePrefix, ReadOnlyMemory<byte> body)
    {
        var local = routes.SelectMany(r => r.LocalAccounts).Distinct(StringComparer.Ordinal).ToList();
        var remote = routes.SelectMany(r => r.Remote).DistinctBy(r => r.Address.Key).ToList();
        try
        {
            var ids = new List<string>(2);
            if (local.Count > 0)
            {
                var bytes = SmtpMessage.Compose(SmtpMessage.ReturnPath(envelope.Sender) + tracePrefix, body.Span);
                var blob = await services.Blobs.PutAsync(bytes);
                await services.Summaries.PrimeAsync(blob, bytes);
                var localEnvelope = remote.Count == 0
                    ? envelope
                    : envelope with { Recipients = routes.Where(r => r.LocalAccounts.Count > 0).Select(r => r.Recipient).ToList() };
                var id = await IngestAsync(new IngestRequest(localEnvelope, blob, local, []));
                if (id is null) return new StoreOutcome(null, SmtpReplies.TemporaryFailure);
                ids.Add(id);
            }
            if (remote.Count > 0)
            {
                var bytes = SmtpMessage.Compose(tracePrefix, body.Span);
                var blob = await services.Blobs.PutAsync(bytes);
                var remoteEnvelope = local.Count == 0 ? envelope : envelope with { Recipients = remote };
                var id = await IngestAsync(new IngestRequest(remoteEnvelope, blob, [], remote));
                if (id is null) return new StoreOutcome(null, SmtpReplies.TemporaryFailure);
                ids.Add(id);
            }
            return ids.Count == 0 ? new StoreOutcome(null, SmtpReplies.TemporaryFailure) : new StoreOutcome(ids[0], null);
        }
        catch (IOException e)
        {
            Serilog.Log.ForContext<SmtpDelivery>().Error(e, "Storing a message failed");
            return new StoreOutcome(null, SmtpReplies.StorageFull);
        }
        catch (Exception e)
        {
            Serilog.Log.ForContext<SmtpDelivery>().Error(e, "Storing a message failed");
            return new StoreOutcome(null, SmtpReplies.TemporaryFailure);
        }
    }

    private async Task<string?> IngestAsync(IngestRequest request)
    {
        var reply = await services.Ingest.Ask<object>(request, ingestTimeout);
        if (reply is IngestAccepted accepted) return accepted.Id;
        Serilog.Log.ForContext<SmtpDelivery>().Error("The ingest log refused a message: {Reply}", reply);
        return null;
    }
}
