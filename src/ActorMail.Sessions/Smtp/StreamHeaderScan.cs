using ActorMail.Protocols.Smtp;

namespace ActorMail.Sessions.Smtp;

/// <summary>
/// <see cref="HeaderScan"/> over a message read from a stream (a spooled body) from its first byte: reads
/// block by block up to the empty line that ends the header section, so that only the header is read and
/// never more than one block is held.
/// </summary>
/// <remarks>
/// Whole lines go through <see cref="HeaderScan.Scan"/>. A line longer than a block is judged by its first
/// block (enough for any field name) and the rest of it skipped.
/// </remarks>
internal static class StreamHeaderScan
{
    private const int BlockSize = 64 * 1024;

    public static async Task<HeaderSummary> ScanAsync(Stream message, CancellationToken ct = default)
    {
        var block = new byte[BlockSize];
        int filled = 0;
        long consumed = 0;
        bool messageId = false, date = false, skipping = false;
        int received = 0;

        void Add(HeaderSummary s)
        {
            messageId |= s.HasMessageId;
            date |= s.HasDate;
            received += s.ReceivedCount;
        }

        HeaderSummary Result(bool complete, long length) =>
            new(messageId, date, received, (int)Math.Min(length, int.MaxValue), complete);

        while (true)
        {
            int read = await message.ReadAsync(block.AsMemory(filled), ct).ConfigureAwait(false);
            filled += read;
            if (read == 0)
            {
                // the end: a last line without LF (never the end of the header section)
                if (!skipping && filled > 0) Add(HeaderScan.Scan(block.AsSpan(0, filled)));
                return Result(false, consumed + filled);
            }

            int start = 0;
            if (skipping)
            {
                int lf = block.AsSpan(0, filled).IndexOf((byte)'\n');
                if (lf < 0)
                {
                    consumed += filled;
                    filled = 0;
                    continue;
                }
                skipping = false;
                start = lf + 1;
            }

            var pending = block.AsSpan(start, filled - start);
            int last = pending.LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                var lines = HeaderScan.Scan(pending[..(last + 1)]);
                Add(lines);
                if (lines.Complete) return Result(true, consumed + start + lines.HeaderLength);
                start += last + 1;
            }
            else if (start == 0 && filled == block.Length)
            {
                // one line fills the whole block: judge it by this much, skip the rest of it
                Add(HeaderScan.Scan(block));
                skipping = true;
                start = filled;
            }

            int rest = filled - start;
            if (rest > 0 && start > 0) block.AsSpan(start, rest).CopyTo(block);
            consumed += start;
            filled = rest;
        }
    }
}
