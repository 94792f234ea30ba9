using System.Collections.Concurrent;
using System.Threading.Channels;
using ActorMail.Core;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// The blob store's writer thread: drains every queued write, appends them all to the current segment and
/// fsyncs once for the batch before indexing and completing any of them.
/// </summary>
/// <remarks>
/// Only this thread appends through the <see cref="SegmentWriter"/>, which it owns and disposes. A new body
/// leaves the in-flight table once its write completes; a relocated one (compaction) was never in it.
/// </remarks>
internal sealed class GroupCommitLoop : IDisposable
{
    private readonly BlobIndex index;
    private readonly ConcurrentDictionary<string, Task<BlobRef>> inFlight;
    private readonly Channel<PendingBlobWrite> queue = Channel.CreateUnbounded<PendingBlobWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SegmentWriter writer;
    private readonly Thread writerThread;

    public GroupCommitLoop(BlobIndex index, ConcurrentDictionary<string, Task<BlobRef>> inFlight, SegmentWriter writer)
    {
        this.index = index;
        this.inFlight = inFlight;
        this.writer = writer;

        writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "blob-store-writer" };
        writerThread.Start();
    }

    /// <summary>Id of the segment being appended to; all lower ids are sealed.</summary>
    public int CurrentSegment => writer.CurrentId;

    /// <summary>Number of fsyncs the segment writer made (files and directory).</summary>
    public long SyncCount => writer.SyncCount;

    /// <summary>Queues a write for the next batch; false once the loop is disposed.</summary>
    public bool TryEnqueue(PendingBlobWrite write) => queue.Writer.TryWrite(write);

    /// <summary>Lets the queued writes finish, stops the thread and closes the current segment.</summary>
    public void Dispose()
    {
        queue.Writer.TryComplete();
        writerThread.Join();
        writer.Dispose();
    }

    private void WriterLoop()
    {
        var reader = queue.Reader;
        var batch = new List<PendingBlobWrite>();
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            WriteBatch(batch);
            batch.Clear();
        }
    }

    private void WriteBatch(List<PendingBlobWrite> batch)
    {
        var locations = new BlobLocation?[batch.Count];
        try
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                if (write.Relocating is null && index.TryTouch(write.Hash))
                {
                    continue;
                }

                locations[i] = writer.Append(write.Sha256, write.Data.Span);
            }

            writer.Commit();
        }
        catch (Exception ex)
        {
            try
            {
                writer.Rollback();
            }
            catch (IOException)
            {
                // The torn tail stays; the next open truncates it.
            }

            foreach (var write in batch)
            {
                Finish(write, ex);
            }

            return;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            var location = locations[i];
            if (location is not null)
            {
                if (write.Relocating is { } entry)
                {
                    BlobIndex.Relocate(entry, write.FromSegment, location);
                }
                else
                {
                    index.Publish(write.Hash, location);
                }
            }

            Finish(write, null);
        }
    }

    private void Finish(PendingBlobWrite write, Exception? error)
    {
        if (write.Relocating is null)
        {
            inFlight.TryRemove(new KeyValuePair<string, Task<BlobRef>>(write.Hash, write.Done.Task));
        }

        if (error is null)
        {
            write.Done.TrySetResult(new BlobRef(write.Hash, write.Data.Length));
        }
        else
        {
            write.Done.TrySetException(error);
        }
    }
}
