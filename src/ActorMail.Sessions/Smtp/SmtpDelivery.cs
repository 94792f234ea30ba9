using System.Security.Cryptography;
using System.Text;
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
/// remote copy does not), primes the summary cache for the local blob, then hands both parts to the ingest
/// log as ONE request, persisted as one event: the acknowledgement and the store are one commit. A blob
/// store failure (disk full, store closed) or a refusal of the ingest log leaves nothing ingested and
/// answers 452 4.3.1.
/// </summary>
internal sealed class SmtpDelivery(SessionServices services, TimeSpan ingestTimeout)
{
    /// <summary>A short id for the Received header of one message.</summary>
    public static string NewLocalId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Stores <paramref name="body"/> behind <paramref name="tracePrefix"/> and ingests it. The spool must stay
    /// undisposed until the returned task completes.
    /// </summary>
    public async Task<StoreOutcome> StoreAsync(MailEnvelope envelope, IReadOnlyList<RecipientRoute> routes, string tracePrefix, MessageSpool body)
    {
        var local = routes.SelectMany(r => r.LocalAccounts).Distinct(StringComparer.Ordinal).ToList();
        var remote = routes.SelectMany(r => r.Remote).DistinctBy(r => r.Address.Key).ToList();
        if (local.Count == 0 && remote.Count == 0) return new StoreOutcome(null, SmtpReplies.TemporaryFailure);

        IngestRequest request;
        try
        {
            BlobRef? localBlob = null, remoteBlob = null;
            if (local.Count > 0)
                localBlob = await PutAsync(SmtpMessage.ReturnPath(envelope.Sender) + tracePrefix, body, summarise: true);
            if (remote.Count > 0)
                remoteBlob = await PutAsync(tracePrefix, body, summarise: false);
            // One request, one event: the local and the remote part are stored together or not at all.
            request = localBlob is { } lb
                ? new IngestRequest(envelope, lb, local, remote, remoteBlob)
                : new IngestRequest(envelope, remoteBlob!.Value, [], remote);
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

        var id = await IngestAsync(request);
        return id is null ? new StoreOutcome(null, SmtpReplies.StorageFull) : new StoreOutcome(id, null);
    }

    /// <summary>
    /// Stores <paramref name="prefix"/> + <paramref name="body"/>: composed into one buffer when small (the
    /// group-commit path), else handed to the store as a stream over both (the body read from its spool,
    /// memory or file), so that a large message is never held whole in memory. With
    /// <paramref name="summarise"/> the summary cache is primed too.
    /// </summary>
    private async Task<BlobRef> PutAsync(string prefix, MessageSpool body, bool summarise)
    {
        if (body.IsInMemory && prefix.Length + body.Length < StreamFrom)
        {
            var bytes = SmtpMessage.Compose(prefix, body.Memory.Span);
            var blob = await services.Blobs.PutAsync(bytes);
            if (summarise) await services.Summaries.PrimeAsync(blob, bytes);
            return blob;
        }

        var head = Encoding.UTF8.GetBytes(prefix);
        BlobRef stored;
        await using (var whole = new PrefixedBodyStream(head, body.OpenRead()))
            stored = await services.Blobs.PutAsync(whole, CancellationToken.None);
        if (summarise) await services.Summaries.GetOrComputeAsync(stored, () => new PrefixedBodyStream(head, body.OpenRead()), CancellationToken.None);
        return stored;
    }

    /// <summary>Stored messages of at least this many bytes are streamed to the blob store rather than composed.</summary>
    private const int StreamFrom = 1024 * 1024;

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
