using System.Buffers;
using System.Text;
using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Search;
using ActorMail.Storage.Summaries;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// Evaluates a SEARCH key tree against the messages of the selected folder. Flags, sizes, dates, sets and
/// MODSEQ come from the mailbox entries; HEADER, BODY and TEXT read the stored message (the header block
/// in memory, the body streamed), matching case-insensitive substrings. BODY and TEXT match the decoded
/// text (see <see cref="DecodedMessageText"/>); messages too large or too broken to decode are scanned raw.
/// </summary>
internal sealed class ImapSearch(
    SelectedMailbox selected,
    UidSet saved,
    Func<BlobRef, Task<MessageSummary>> summary,
    Func<BlobRef, Stream> open)
{
    /// <summary>Largest header block read for HEADER searches.</summary>
    private const int MaxHeader = 1024 * 1024;

    private readonly Dictionary<ImapSequenceSet, UidSet> _sets = [];

    /// <summary>Whether a key needs the stored message (not only the mailbox entry).</summary>
    public static bool NeedsContent(SearchKey key) => key switch
    {
        SearchKey.And a => a.Keys.Any(NeedsContent),
        SearchKey.Or o => NeedsContent(o.Left) || NeedsContent(o.Right),
        SearchKey.Not n => NeedsContent(n.Key),
        SearchKey.Header or SearchKey.Body or SearchKey.Text => true,
        SearchKey.Date d => d.Field == SearchDateField.Sent,
        _ => false,
    };

    /// <summary>Whether the key uses MODSEQ (the SEARCH response then carries the highest mod-sequence).</summary>
    public static bool UsesModSeq(SearchKey key) => key switch
    {
        SearchKey.And a => a.Keys.Any(UsesModSeq),
        SearchKey.Or o => UsesModSeq(o.Left) || UsesModSeq(o.Right),
        SearchKey.Not n => UsesModSeq(n.Key),
        SearchKey.ModSeq => true,
        _ => false,
    };

    public async Task<bool> MatchesAsync(SearchKey key, MessageEntry m, int msn)
    {
        var cache = new Content(m.Blob, summary, open);
        try
        {
            return await EvalAsync(key, m, msn, cache);
        }
        finally
        {
            cache.Dispose();
        }
    }

    private async Task<bool> EvalAsync(SearchKey key, MessageEntry m, int msn, Content c)
    {
        switch (key)
        {
            case SearchKey.All:
                return true;
            case SearchKey.And a:
                foreach (var k in a.Keys)
                {
                    if (!await EvalAsync(k, m, msn, c)) return false;
                }

                return true;
            case SearchKey.Or o:
                return await EvalAsync(o.Left, m, msn, c) || await EvalAsync(o.Right, m, msn, c);
            case SearchKey.Not n:
                return !await EvalAsync(n.Key, m, msn, c);
            case SearchKey.Sequence s:
                return s.Set.IsSaved ? saved.Contains(m.Uid) : Resolve(s.Set, (uint)selected.Count).Contains((uint)msn);
            case SearchKey.Uid u:
                return u.Set.IsSaved ? saved.Contains(m.Uid) : Resolve(u.Set, selected.MaxUid).Contains(m.Uid);
            case SearchKey.HasFlag f:
                return ((m.Flags & f.Flag) != 0) == f.IsSet;
            case SearchKey.Recent r:
                return selected.IsRecent(m.Uid) == r.IsSet;
            case SearchKey.HasKeyword k:
                return m.Keywords.Contains(k.Keyword, StringComparer.OrdinalIgnoreCase) == k.IsSet;
            case SearchKey.Size s:
                return s.Larger ? m.Size > s.Octets : m.Size < s.Octets;
            case SearchKey.ModSeq ms:
                return m.ModSeq >= ms.Value;
            case SearchKey.Date d:
                DateOnly day;
                if (d.Field == SearchDateField.Internal) day = DateOnly.FromDateTime(m.InternalDate.DateTime);
                else
                {
                    var sent = ParseDate((await c.SummaryAsync()).Envelope.Date);
                    if (sent is null) return false;
                    day = sent.Value;
                }

                return d.Op switch
                {
                    SearchDateOp.Before => day < d.Value,
                    SearchDateOp.On => day == d.Value,
                    _ => day >= d.Value,
                };
            case SearchKey.Header h:
                return HeaderMatches(await c.HeaderAsync(), h.Field, h.Value);
            case SearchKey.Body b:
                return await c.BodyContainsAsync(b.Value);
            case SearchKey.Text t:
                return ContainsIgnoreCase(EncodedWords.Decode(await c.HeaderAsync()), t.Value)
                    || await c.PartHeadersContainAsync(t.Value)
                    || await c.BodyContainsAsync(t.Value);
            default:
                return false;
        }
    }

    private UidSet Resolve(ImapSequenceSet set, uint max)
    {
        if (!_sets.TryGetValue(set, out var resolved))
        {
            resolved = set.Resolve(max);
            _sets[set] = resolved;
        }

        return resolved;
    }

    /// <summary>The date of an RFC 5322 Date: value (day, month, year; time and zone ignored), or null.</summary>
    internal static DateOnly? ParseDate(string? value)
    {
        if (value is null) return null;
        var words = value.Replace(',', ' ').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 2 < words.Length; i++)
        {
            if (int.TryParse(words[i], out int dayNumber) && words[i + 1].Length >= 3 && int.TryParse(words[i + 2], out int year))
            {
                if (year < 100) year += year < 50 ? 2000 : 1900;
                var text = $"{dayNumber}-{words[i + 1][..3]}-{year:0000}";
                if (ImapDate.TryParseDate(text, out var date)) return date;
            }
        }

        return null;
    }

    /// <summary>HEADER field value: a field of that name whose unfolded value contains the text (any field of that name when empty).</summary>
    internal static bool HeaderMatches(string header, string field, string value)
    {
        foreach (var (name, body) in Fields(header))
        {
            if (!name.Equals(field, StringComparison.OrdinalIgnoreCase)) continue;
            if (value.Length == 0 || EncodedWords.Decode(body).Contains(value, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    private static IEnumerable<(string Name, string Value)> Fields(string header)
    {
        var unfolded = header.Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal)
            .Replace("\n ", " ", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal);
        foreach (var line in unfolded.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            yield return (line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
    }

    private static bool ContainsIgnoreCase(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);

    /// <summary>Lazily read parts of one stored message.</summary>
    private sealed class Content(BlobRef blob, Func<BlobRef, Task<MessageSummary>> summary, Func<BlobRef, Stream> open) : IDisposable
    {
        private MessageSummary? _summary;
        private string? _header;
        private DecodedMessageText? _decoded;
        private bool _decodeTried;

        public async Task<MessageSummary> SummaryAsync() => _summary ??= await summary(blob);

        public async Task<string> HeaderAsync()
        {
            if (_header is not null) return _header;
            var s = await SummaryAsync();
            int length = (int)Math.Min(s.BodyOffset > 0 ? s.BodyOffset : s.Size, MaxHeader);
            var bytes = new byte[length];
            await using (var stream = open(blob))
            {
                await stream.ReadAtLeastAsync(bytes, length, throwOnEndOfStream: false);
            }

            _header = Encoding.UTF8.GetString(bytes);
            return _header;
        }

        /// <summary>The parsed message, or null when it is scanned raw.</summary>
        private async Task<DecodedMessageText?> DecodedAsync()
        {
            if (_decodeTried) return _decoded;
            _decodeTried = true;
            var s = await SummaryAsync();
            _decoded = await DecodedMessageText.TryLoadAsync(() => open(blob), s.Size);
            return _decoded;
        }

        /// <summary>MIME part headers (TEXT); with a raw scan they are part of the body already.</summary>
        public async Task<bool> PartHeadersContainAsync(string value) =>
            value.Length == 0 || (await DecodedAsync() is { } decoded && decoded.PartHeadersContain(value));

        /// <summary>The decoded text parts contain <paramref name="value"/>; the raw body when the message is not decoded.</summary>
        public async Task<bool> BodyContainsAsync(string value)
        {
            if (value.Length == 0) return true;
            if (await DecodedAsync() is { } decoded) return await decoded.BodyContainsAsync(value);
            return await RawBodyContainsAsync(value);
        }

        /// <summary>Streams the raw body looking for <paramref name="value"/> (ASCII case-insensitive, UTF-8 bytes).</summary>
        private async Task<bool> RawBodyContainsAsync(string value)
        {
            var s = await SummaryAsync();
            var needle = Encoding.UTF8.GetBytes(value);
            Lower(needle);
            const int chunk = 64 * 1024;
            var buffer = ArrayPool<byte>.Shared.Rent(chunk + needle.Length);
            try
            {
                await using var stream = open(blob);
                stream.Seek(s.BodyOffset, SeekOrigin.Begin);
                int carry = 0;
                while (true)
                {
                    int read = await stream.ReadAsync(buffer.AsMemory(carry, chunk));
                    if (read == 0) return false;
                    int total = carry + read;
                    Lower(buffer.AsSpan(carry, read));
                    if (buffer.AsSpan(0, total).IndexOf(needle) >= 0) return true;
                    carry = Math.Min(needle.Length - 1, total);
                    buffer.AsSpan(total - carry, carry).CopyTo(buffer);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static void Lower(Span<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] is >= (byte)'A' and <= (byte)'Z') bytes[i] |= 0x20;
            }
        }

        public void Dispose() => _decoded?.Dispose();
    }
}
