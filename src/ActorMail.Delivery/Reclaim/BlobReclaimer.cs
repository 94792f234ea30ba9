using ActorMail.Accounts;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Queue;
using ActorMail.Mailboxes.Actors;
using ActorMail.Storage.Blobs;
using Akka.Actor;

namespace ActorMail.Delivery.Reclaim;

/// <summary>
/// Frees the space of message bodies that nothing references any more, by mark and sweep.
/// Mark asks, in this order, the ingest log (messages not yet settled), the account directory (which
/// mailboxes exist), every account's mailbox and the outbound queue for the blob hashes they hold;
/// sweep hands the resulting set to <see cref="SegmentBlobStore.CompactAsync"/>.
/// </summary>
/// <remarks>
/// The order makes the mark safe while mail flows: a message leaves the ingest log only after its
/// mailboxes and the queue hold it, so one that is settled after the ingest log was asked is found
/// downstream. Whatever arrives after a source was asked has a body stored (or deduplicated) since
/// the run began, which the store's <see cref="BlobStoreOptions.ReclaimGrace"/> keeps. Any failed or
/// unexpected answer aborts the run before the sweep: an incomplete mark never deletes anything.
/// </remarks>
public sealed class BlobReclaimer
{
    private const int PageSize = 500;
    private readonly TimeSpan _askTimeout;
    private readonly int _parallelism;

    /// <param name="askTimeout">Longest wait for one answer (default 30 s).</param>
    /// <param name="parallelism">Mailboxes asked at the same time (default 4).</param>
    public BlobReclaimer(TimeSpan? askTimeout = null, int parallelism = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _askTimeout = askTimeout ?? TimeSpan.FromSeconds(30);
        _parallelism = parallelism;
    }

    /// <summary>Marks the live blobs, then compacts <paramref name="blobs"/> keeping only those.</summary>
    public async Task<ReclaimResult> RunAsync(IActorRef directory, IActorRef mailboxes, IActorRef queue, IActorRef ingest, SegmentBlobStore blobs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var live = await MarkAsync(directory, mailboxes, queue, ingest, ct).ConfigureAwait(false);
        return await blobs.CompactAsync(live.Contains, ct).ConfigureAwait(false);
    }

    /// <summary>The hashes of every blob referenced by the ingest log, a mailbox of a directory account, or the queue.</summary>
    public async Task<IReadOnlySet<string>> MarkAsync(IActorRef directory, IActorRef mailboxes, IActorRef queue, IActorRef ingest, CancellationToken ct)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);

        var pending = await AskAsync<PendingBlobs>(ingest, new GetPendingBlobs(), ct).ConfigureAwait(false);
        foreach (var blob in pending.Blobs) live.Add(blob.Hash);

        var state = await AskAsync<DirectoryState>(directory, new DirectoryProtocol.GetSnapshot(), ct).ConfigureAwait(false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(state.Accounts.Keys, options, async (account, token) =>
        {
            var hashes = await MailboxHashesAsync(mailboxes, account, token).ConfigureAwait(false);
            lock (live) live.UnionWith(hashes);
        }).ConfigureAwait(false);

        string? after = null;
        while (true)
        {
            var page = await AskAsync<QueuePage>(queue, new ListQueue(after, OutboundQueueActor.MaxPage), ct).ConfigureAwait(false);
            foreach (var message in page.Messages) live.Add(message.Blob.Hash);
            if (!page.More || page.Messages.Count == 0) break;
            after = page.Messages[^1].Id;
        }

        return live;
    }

    private async Task<List<string>> MailboxHashesAsync(IActorRef mailboxes, string account, CancellationToken ct)
    {
        var hashes = new List<string>();
        string? after = null;
        while (true)
        {
            var response = await AskAsync<MailboxResponse>(mailboxes, new MailboxEnvelope(account, new BlobHashesQuery(after, PageSize)), ct).ConfigureAwait(false);
            if (response.Result is not BlobHashPage page)
                throw new InvalidOperationException($"mailbox {account} answered the blob query with {response.Result.GetType().Name}");
            hashes.AddRange(page.Hashes);
            if (page.Hashes.Count < PageSize) return hashes;
            after = page.Hashes[^1];
        }
    }

    private async Task<T> AskAsync<T>(IActorRef target, object message, CancellationToken ct)
    {
        var answer = await target.Ask<object>(message, _askTimeout, ct).ConfigureAwait(false);
        return answer is T typed
            ? typed
            : throw new InvalidOperationException($"{target.Path} answered {message.GetType().Name} with {answer?.GetType().Name ?? "nothing"}");
    }
}
