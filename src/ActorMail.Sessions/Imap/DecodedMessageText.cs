using System.Text;
using MimeKit;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The decoded text of one stored message for SEARCH BODY and TEXT (RFC 3501 §6.4.4), as a server without
/// a full-text index answers them: the content of every text part (including those of attached messages),
/// with its Content-Transfer-Encoding (base64, quoted-printable) and charset decoded, matched as a
/// case-insensitive substring; for TEXT also the header fields of every MIME part (decoded values and
/// attachment file names). Parts are streamed through a sliding window, never read into one string.
/// </summary>
/// <remarks>
/// Messages above <see cref="MaxDecodedSize"/> and messages MimeKit cannot parse are not decoded:
/// <see cref="TryLoadAsync"/> then returns null and the caller scans the raw bytes instead.
/// </remarks>
internal sealed class DecodedMessageText : IDisposable
{
    /// <summary>Largest message whose MIME structure is parsed and decoded for SEARCH (larger ones are scanned raw).</summary>
    public const long MaxDecodedSize = 16 * 1024 * 1024;

    /// <summary>Nesting of multiparts and attached messages followed; deeper parts are left out.</summary>
    private const int MaxDepth = 32;

    private const int Chunk = 16 * 1024;

    private static readonly ParserOptions Options = CreateOptions();

    private readonly Stream _stream;
    private readonly MimeMessage _message;

    private DecodedMessageText(Stream stream, MimeMessage message)
    {
        _stream = stream;
        _message = message;
    }

    /// <summary>
    /// Parses the message (part contents stay in the stored blob and are read on demand), or returns null
    /// when it is too large or not parseable.
    /// </summary>
    public static async Task<DecodedMessageText?> TryLoadAsync(Func<Stream> open, long size)
    {
        if (size > MaxDecodedSize) return null;
        var stream = open();
        try
        {
            var parser = new MimeParser(Options, stream, MimeFormat.Entity, persistent: stream.CanSeek);
            var message = await parser.ParseMessageAsync();
            return new DecodedMessageText(stream, message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever MimeKit cannot make sense of is scanned raw (a real read error then surfaces there).
            await stream.DisposeAsync();
            return null;
        }
    }

    /// <summary>Whether a decoded text part contains <paramref name="value"/> (case-insensitive).</summary>
    public async Task<bool> BodyContainsAsync(string value)
    {
        foreach (var part in TextParts(_message.Body, 0))
        {
            if (await PartContainsAsync(part, value)) return true;
        }

        return false;
    }

    /// <summary>Whether a header field of a MIME part or attached message contains <paramref name="value"/> (case-insensitive).</summary>
    public bool PartHeadersContain(string value)
    {
        foreach (var (headers, fileName) in HeaderBlocks(_message.Body, 0))
        {
            foreach (var header in headers)
            {
                if (Contains(header.Field, value) || Contains(SafeValue(header), value)) return true;
            }

            if (fileName is not null && Contains(fileName, value)) return true;
        }

        return false;
    }

    private static bool Contains(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);

    private static string SafeValue(Header header)
    {
        try
        {
            return header.Value;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
        {
            return "";
        }
    }

    /// <summary>The header blocks of every entity below the top level (with decoded file names), depth-first.</summary>
    private static IEnumerable<(HeaderList Headers, string? FileName)> HeaderBlocks(MimeEntity? entity, int depth)
    {
        if (entity is null || depth > MaxDepth) yield break;
        yield return (entity.Headers, (entity as MimePart)?.FileName);
        switch (entity)
        {
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    foreach (var block in HeaderBlocks(child, depth + 1)) yield return block;
                }

                break;
            case MessagePart { Message: { } inner }:
                yield return (inner.Headers, null);
                foreach (var block in HeaderBlocks(inner.Body, depth + 1)) yield return block;
                break;
        }
    }

    /// <summary>Every text part of the tree, including those of attached messages, depth-first.</summary>
    private static IEnumerable<TextPart> TextParts(MimeEntity? entity, int depth)
    {
        if (entity is null || depth > MaxDepth) yield break;
        switch (entity)
        {
            case TextPart text:
                yield return text;
                break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    foreach (var part in TextParts(child, depth + 1)) yield return part;
                }

                break;
            case MessagePart { Message: { } inner }:
                foreach (var part in TextParts(inner.Body, depth + 1)) yield return part;
                break;
        }
    }

    private static async Task<bool> PartContainsAsync(TextPart part, string value)
    {
        if (part.Content is null) return false;
        try
        {
            await using var decoded = part.Content.Open();
            using var reader = new StreamReader(decoded, EncodingOf(part), detectEncodingFromByteOrderMarks: false, Chunk);
            var buffer = new char[Chunk + value.Length];
            int carry = 0;
            while (true)
            {
                int read = await reader.ReadAsync(buffer.AsMemory(carry, Chunk));
                if (read == 0) return false;
                int total = carry + read;
                if (buffer.AsSpan(0, total).IndexOf(value, StringComparison.OrdinalIgnoreCase) >= 0) return true;
                carry = Math.Min(value.Length - 1, total);
                buffer.AsSpan(total - carry, carry).CopyTo(buffer);
            }
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or DecoderFallbackException or ArgumentException or InvalidOperationException)
        {
            // A part that cannot be decoded holds no searchable text.
            return false;
        }
    }

    /// <summary>The part's declared charset; UTF-8 (a superset of the default US-ASCII) when absent or unknown.</summary>
    private static Encoding EncodingOf(TextPart part)
    {
        if (part.ContentType.Charset is null) return Encoding.UTF8;
        try
        {
            return part.ContentType.CharsetEncoding ?? Encoding.UTF8;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private static ParserOptions CreateOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.MaxMimeDepth = MaxDepth;
        return options;
    }

    public void Dispose() => _stream.Dispose();
}
