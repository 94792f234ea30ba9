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
/// Makes a received message durable: writes the blob(s) first (the local copy starts with Return-Path, the
/// remote copy does not), primes the summary cache for the local blob, then hands the local and the remote
/// part to the ingest log together. A blob store failure (disk full, store closed) leaves nothing ingested
/// and answers 452 4.3.1; when the ingest log accepts one part but not the other, what was stored is
/// acknowledged (RFC 5321 §6.1: the server now owns the message) and the loss is logged; when it accepts
/// neither, 452 4.3.1.
/// </summary>
internal sealed class SmtpDelivery(SessionServices services, TimeSpan ingestTimeout)
{
    /// <summary>A short id for the Received header of one message.</summary>
    public static string NewLocalId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public async Task<StoreOutcome> StoreAsync(MailEnvelope envelope, IReadOnlyList<RecipientRoute> routes, string tracePrefix, ReadOnlyMemory<byte> body)
    {
        var local = routes.SelectMany(r => r.LocalAccounts).Distinct(StringComparer.Ordinal).ToList();
        var remote = routes.SelectMany(r => r.Remote).DistinctBy(r => r.Address.Key).ToList();
        if (local.Count == 0 && remote.Count == 0) return new StoreOutcome(null, SmtpReplies.TemporaryFailure);

        var requests = new List<IngestRequest>(2);
        try
        {
            if (local.Count > 0)
            {
                var bytes = SmtpMessage.Compose(SmtpMessage.ReturnPath(envelope.Sender) + tracePrefix, body.Span);
                var blob = await services.Blobs.PutAsync(bytes);
                await services.Summaries.PrimeAsync(blob, bytes);
                var localEnvelope = remote.Count == 0
                    ? envelope
                    : envelope with { Recipients = routes.Where(r => r.LocalAccounts.Count > 0).Select(r => r.Recipient).ToList() };
                requests.Add(new IngestRequest(localEnvelope, blob, local, []));
            }
            if (remote.Count > 0)
            {
                var bytes = SmtpMessage.Compose(tracePrefix, body.Span);
                var blob = await services.Blobs.PutAsync(bytes);
                var remoteEnvelope = local.Count == 0 ? envelope : envelope with { Recipients = remote };
                requests.Add(new IngestRequest(remoteEnvelope, blob, [], remote));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            Log.Error(e, "Storing a message body failed");
            return new StoreOutcome(null, SmtpReplies.StorageFull);
        }
        catch (Exception e)
        {
            Log.Error(e, "Storing a message body failed");
            return new StoreOutcome(null, SmtpReplies.TemporaryFailure);
        }

        // asked together, so that the ingest log normally commits both parts in one write
        var ids = await Task.WhenAll(requests.Select(IngestAsync));
        var accepted = ids.Where(id => id is not null).ToList();
        if (accepted.Count == 0) return new StoreOutcome(null, SmtpReplies.StorageFull);
        if (accepted.Count < ids.Length)
            Log.Error("Only part of message {QueueId} was stored: the ingest log refused the {Part} part",
                accepted[0], ids[0] is null ? "local" : "remote");
        return new StoreOutcome(accepted[0], null);
    }

    private static Serilog.ILogger Log => Serilog.Log.ForContext<SmtpDelivery>();

    private async Task<string?> IngestAsync(IngestRequest request)
    {
        try
        {
            var reply = await services.Ingest.Ask<object>(request, ingestTimeout);
            if (reply is IngestAccepted accepted) return accepted.Id;
            Log.Error("The ingest log refused a message: {Reply}", reply);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            Log.Error("The ingest log did not answer within {Timeout}", ingestTimeout);
        }
        return null;
    }
}
