using ActorMail.Core;

namespace ActorMail.Delivery.Ingest;

/// <summary>
/// Hands a message whose body is already durable in the blob store to the node's ingest log.
/// Recipients are already resolved: local account keys get a copy in INBOX, remote recipients go
/// to the outbound queue. The reply <see cref="IngestAccepted"/> means the message is on disk and
/// will reach every target even if the process dies right after. <see cref="RemoteBlob"/>, when
/// set, is the copy for the remote recipients (a local copy carries Return-Path, a remote one
/// does not); both parts are then one event, so they are stored together or not at all.
/// </summary>
public sealed record IngestRequest(
    MailEnvelope Envelope,
    BlobRef Blob,
    IReadOnlyList<string> LocalAccounts,
    IReadOnlyList<EnvelopeRecipient> Remote,
    BlobRef? RemoteBlob = null);

public sealed record IngestAccepted(string Id);

public sealed record IngestRejected(string Reason);

/// <summary>Asks for the blobs of the messages not yet settled (blob reclaim); answered by <see cref="PendingBlobs"/>.</summary>
public sealed record GetPendingBlobs;

/// <summary>The distinct blobs of every accepted message that some target does not hold yet.</summary>
public sealed record PendingBlobs(IReadOnlyList<BlobRef> Blobs);

public interface IIngestEvent { }

/// <summary>One accepted message, with its resolved targets.</summary>
public sealed record MessageIngested(
    long Seq,
    MailEnvelope Envelope,
    BlobRef Blob,
    IReadOnlyList<string> LocalAccounts,
    IReadOnlyList<EnvelopeRecipient> Remote,
    DateTimeOffset ReceivedAt,
    BlobRef? RemoteBlob = null) : IIngestEvent
{
    /// <summary>The body queued for the remote recipients.</summary>
    public BlobRef BlobForRemote => RemoteBlob ?? Blob;
}

/// <summary>Messages now held by every target (mailboxes and queue): no longer replayed after a restart.</summary>
public sealed record IngestSettled(IReadOnlyList<long> Seqs) : IIngestEvent;

/// <summary>Snapshot: the messages not yet settled and the next sequence number.</summary>
public sealed record IngestSnapshot(long NextSeq, IReadOnlyList<MessageIngested> Pending);

/// <summary>Pure state of the ingest log.</summary>
public sealed class IngestState
{
    public long NextSeq { get; private set; } = 1;
    public SortedDictionary<long, MessageIngested> Pending { get; } = new();

    public void Apply(IIngestEvent e)
    {
        switch (e)
        {
            case MessageIngested m:
                Pending[m.Seq] = m;
                NextSeq = Math.Max(NextSeq, m.Seq + 1);
                break;
            case IngestSettled s:
                foreach (var seq in s.Seqs) Pending.Remove(seq);
                break;
        }
    }

    public IngestSnapshot ToSnapshot() => new(NextSeq, Pending.Values.ToList());

    public static IngestState FromSnapshot(IngestSnapshot s)
    {
        var st = new IngestState { NextSeq = s.NextSeq };
        foreach (var m in s.Pending) st.Pending[m.Seq] = m;
        return st;
    }

    /// <summary>A message delivered by the log is identified by the log's id and its sequence number.</summary>
    public static string DeliveryId(string logId, long seq) => logId + ":" + seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
