using System.Buffers;
using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Protocols.Imap.Fetch;
using ActorMail.Storage.Blobs;
using ActorMail.Storage.Summaries;
using Serilog;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// FETCH and UID FETCH: attributes from the mailbox entry, structure from the summary, bodies streamed from the blob store.
/// </summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state, <c>output</c> its output,
/// <c>summaryOf</c> the message summary of a stored body and <c>outside</c> awaits a blob read with reading paused.
/// </remarks>
internal sealed class ImapFetchHandler(
    ImapConversation conversation,
    ImapMailboxQueries mailbox,
    ImapOutput output,
    SegmentBlobStore blobs,
    ILogger log,
    Func<BlobRef, Task<MessageSummary>> summaryOf,
    Func<Task<int>, Task<int>> outside)
{
    /// <summary>Bytes of a body section read from the blob store before they are written and flushed.</summary>
    private const int StreamChunk = 64 * 1024;

    /// <summary>Largest header block read into memory for HEADER.FIELDS.</summary>
    private const int MaxHeaderBlock = 1024 * 1024;

    private ImapWriter W => conversation.W;

    public async Task FetchAsync(FetchCommand c)
    {
        var sel = conversation.Selected!;
        if (c.Items.Any(i => i.Kind is FetchItemKind.Binary or FetchItemKind.BinarySize))
        {
            conversation.Tagged(c.Tag, ImapStatus.Bad, null, "BINARY is not supported");
            return;
        }

        if (c.Vanished && !conversation.Qresync)
        {
            conversation.Tagged(c.Tag, ImapStatus.Bad, null, "QRESYNC is not enabled");
            return;
        }

        if (conversation.Resolve(c.Tag, c.Set, c.IsUid) is not { } uids) return;
        if (c.ChangedSince is not null || c.Items.Any(i => i.Kind == FetchItemKind.ModSeq)) conversation.CondStore = true;

        if (c.Vanished && c.ChangedSince is { } since && !c.Set.IsSaved
            && await mailbox.AskAsync(new ExpungedSinceQuery(sel.Name, since)) is UidSet vanished)
        {
            W.Vanished(vanished.Intersect(c.Set.Resolve(sel.MaxUid)), earlier: true);
        }

        // Non-PEEK body fetches set \Seen first, so that the FLAGS sent reflect it.
        var seenChanged = new HashSet<uint>();
        if (!sel.ReadOnly && uids.Length > 0 && c.Items.Any(i => i.SetsSeen))
        {
            if (await mailbox.AskAsync(new StoreFlags(sel.Name, UidSet.FromUids(uids), Mailboxes.Store.StoreMode.Add, MessageFlags.Seen, [])) is FlagsStored stored)
            {
                foreach (var change in stored.Changed)
                {
                    sel.MarkOwn(change.ModSeq);
                    sel.RaiseModSeq(change.ModSeq);
                    seenChanged.Add(change.Uid);
                }
            }
        }

        bool needsSummary = c.Items.Any(i => i.Kind is FetchItemKind.Envelope or FetchItemKind.Body or FetchItemKind.BodyStructure
            or FetchItemKind.BodySection or FetchItemKind.Rfc822Header or FetchItemKind.Rfc822Text);
        bool needsBlob = needsSummary || c.Items.Any(i => i.Kind == FetchItemKind.Rfc822);
        await mailbox.ForEntriesAsync(sel, uids, async m =>
        {
            if (c.ChangedSince is { } changedSince && m.ModSeq <= changedSince) return true;
            int msn = sel.Msn(m.Uid);
            if (msn == 0) return true;
            if (needsBlob && !blobs.Contains(m.Blob.Hash))
            {
                // Checked before the response starts, so that a missing body never leaves half a FETCH line.
                log.Error("Body of message {Uid} in {Folder} is missing from the blob store", m.Uid, sel.Name);
                return true;
            }

            var summary = needsSummary ? await summaryOf(m.Blob) : null;
            await WriteFetchAsync(sel, m, msn, c.Items, summary, seenChanged.Contains(m.Uid));
            await output.SendIfFullAsync();
            return true;
        });

        conversation.Tagged(c.Tag, ImapStatus.Ok, null, "FETCH completed");
    }

    private async Task WriteFetchAsync(SelectedMailbox sel, MessageEntry m, int msn, IReadOnlyList<FetchItem> items, MessageSummary? summary, bool flagsChanged)
    {
        W.Untagged().Number((ulong)msn).Raw(" FETCH (");
        bool first = true;
        bool flagsWritten = false;
        foreach (var item in items)
        {
            if (!first) W.Space();
            first = false;
            switch (item.Kind)
            {
                case FetchItemKind.Uid:
                    W.Raw("UID ").Number(m.Uid);
                    break;
                case FetchItemKind.Flags:
                    W.Raw("FLAGS ").Flags(m.Flags, m.Keywords, sel.IsRecent(m.Uid));
                    flagsWritten = true;
                    break;
                case FetchItemKind.InternalDate:
                    W.Raw("INTERNALDATE ").InternalDate(m.InternalDate);
                    break;
                case FetchItemKind.Rfc822Size:
                    W.Raw("RFC822.SIZE ").Number((ulong)Math.Max(0, m.Size));
                    break;
                case FetchItemKind.ModSeq:
                    W.Raw("MODSEQ (").Number(m.ModSeq).Raw(")");
                    break;
                case FetchItemKind.Envelope:
                    W.Raw("ENVELOPE ");
                    ImapStructureWriter.Envelope(W, summary!.Envelope);
                    break;
                case FetchItemKind.Body:
                    W.Raw("BODY ");
                    ImapStructureWriter.Structure(W, summary!.Body, extensible: false);
                    break;
                case FetchItemKind.BodyStructure:
                    W.Raw("BODYSTRUCTURE ");
                    ImapStructureWriter.Structure(W, summary!.Body, extensible: true);
                    break;
                case FetchItemKind.Rfc822:
                    W.Raw("RFC822 ");
                    await WriteRangeAsync(m.Blob, new ByteRange(0, m.Size));
                    break;
                case FetchItemKind.Rfc822Header:
                    W.Raw("RFC822.HEADER ");
                    await WriteRangeAsync(m.Blob, SectionLocator.Locate(summary!, new BodySection([], BodySectionKind.Header, [])));
                    break;
                case FetchItemKind.Rfc822Text:
                    W.Raw("RFC822.TEXT ");
                    await WriteRangeAsync(m.Blob, SectionLocator.Locate(summary!, new BodySection([], BodySectionKind.Text, [])));
                    break;
                case FetchItemKind.BodySection:
                    W.Raw(item.ResponseName).Space();
                    await WriteSectionAsync(m, summary!, item);
                    break;
            }
        }

        if (flagsChanged)
        {
            // The FETCH also reports the \Seen it set: FLAGS, and (RFC 7162 §3.1, §3.2.4) MODSEQ under CONDSTORE,
            // UID under QRESYNC, each unless the client asked for it anyway.
            if (!flagsWritten) W.Space().Raw("FLAGS ").Flags(m.Flags, m.Keywords, sel.IsRecent(m.Uid));
            if (conversation.Qresync && !HasItem(items, FetchItemKind.Uid)) W.Raw(" UID ").Number(m.Uid);
            if (conversation.CondStore && !HasItem(items, FetchItemKind.ModSeq)) W.Raw(" MODSEQ (").Number(m.ModSeq).Raw(")");
        }

        W.Raw(")").EndLine();
    }

    private static bool HasItem(IReadOnlyList<FetchItem> items, FetchItemKind kind)
    {
        foreach (var item in items)
        {
            if (item.Kind == kind) return true;
        }

        return false;
    }

    private async Task WriteSectionAsync(MessageEntry m, MessageSummary summary, FetchItem item)
    {
        var section = item.Section!;
        var range = SectionLocator.Locate(summary, section);
        if (section.Kind is BodySectionKind.HeaderFields or BodySectionKind.HeaderFieldsNot)
        {
            var header = await ReadRangeAsync(m.Blob, new ByteRange(range.Start, Math.Min(range.Length, MaxHeaderBlock)));
            var filtered = SectionLocator.FilterHeader(header, section.Fields, section.Kind == BodySectionKind.HeaderFieldsNot);
            var slice = new ByteRange(0, filtered.Length).Slice(item.Partial);
            W.Literal(filtered.AsSpan((int)slice.Start, (int)slice.Length));
            return;
        }

        await WriteRangeAsync(m.Blob, range.Slice(item.Partial));
    }

    private async Task<byte[]> ReadRangeAsync(BlobRef blob, ByteRange range)
    {
        var bytes = new byte[range.Length];
        await using var stream = blobs.OpenRead(blob);
        stream.Seek(range.Start, SeekOrigin.Begin);
        await outside(stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false).AsTask());
        return bytes;
    }

    /// <summary>A literal streamed from the blob store: header first, then chunks, each flushed before the next is read.</summary>
    private async Task WriteRangeAsync(BlobRef blob, ByteRange range)
    {
        if (range.Length <= StreamChunk)
        {
            W.Literal(await ReadRangeAsync(blob, range));
            return;
        }

        W.LiteralHeader(range.Length);
        output.Send();
        var buffer = ArrayPool<byte>.Shared.Rent(StreamChunk);
        try
        {
            await using var stream = blobs.OpenRead(blob);
            stream.Seek(range.Start, SeekOrigin.Begin);
            long left = range.Length;
            while (left > 0)
            {
                int want = (int)Math.Min(left, StreamChunk);
                int read = await outside(stream.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false).AsTask());
                if (read < want)
                {
                    // The stored body is shorter than its summary says: pad so that the literal keeps its announced size.
                    buffer.AsSpan(read, want - read).Fill((byte)' ');
                }

                output.Write(buffer.AsMemory(0, want));
                await output.FlushAsync();
                left -= want;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
