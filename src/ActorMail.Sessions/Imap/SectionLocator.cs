using ActorMail.Protocols.Imap.Fetch;
using ActorMail.Storage.Summaries;

namespace ActorMail.Sessions.Imap;

/// <summary>A byte range of a stored message.</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public static readonly ByteRange Empty = new(0, 0);

    /// <summary>The &lt;offset.length&gt; slice of this range.</summary>
    public ByteRange Slice(FetchPartial? partial)
    {
        if (partial is null) return this;
        long offset = Math.Min(partial.Offset, Length);
        return new ByteRange(Start + offset, Math.Min(partial.Length, Length - offset));
    }
}

/// <summary>Finds where a BODY[section] lies in a stored message, from its summary (RFC 9051 §6.4.5). Pure.</summary>
internal static class SectionLocator
{
    /// <summary>
    /// The range of the section; for HEADER.FIELDS(.NOT) the range of the header block to filter. An empty
    /// range when the part does not exist (answered as an empty string).
    /// </summary>
    public static ByteRange Locate(MessageSummary s, BodySection section)
    {
        if (section.Part.Count == 0)
        {
            return section.Kind switch
            {
                BodySectionKind.Header or BodySectionKind.HeaderFields or BodySectionKind.HeaderFieldsNot => Range(s, 0, s.BodyOffset),
                BodySectionKind.Text => Range(s, s.BodyOffset, s.Size),
                _ => Range(s, 0, s.Size),
            };
        }

        var part = Navigate(s, section.Part);
        if (part is null) return ByteRange.Empty;
        switch (section.Kind)
        {
            case BodySectionKind.Full:
                return Range(s, part.BodyStart, part.End);
            case BodySectionKind.Mime:
                return Range(s, part.HeaderStart, part.BodyStart);
            default:
                var inner = part.Message;
                if (inner is null) return ByteRange.Empty;
                return section.Kind == BodySectionKind.Text ? Range(s, inner.BodyStart, part.End) : Range(s, inner.HeaderStart, inner.BodyStart);
        }
    }

    /// <summary>The body part at a part path (1-based numbers), or null.</summary>
    public static BodyPartSummary? Navigate(MessageSummary s, IReadOnlyList<uint> path)
    {
        var current = s.Body;
        for (int i = 0; i < path.Count; i++)
        {
            var node = current;
            if (i > 0 && node.Message is not null) node = node.Message;
            int n = (int)Math.Min(path[i], int.MaxValue);
            if (node.IsMultipart)
            {
                if (n < 1 || n > node.Children.Count) return null;
                current = node.Children[n - 1];
            }
            else
            {
                if (n != 1) return null;
                current = node;
            }
        }

        return current;
    }

    /// <summary>Keeps (or, with <paramref name="exclude"/>, drops) the named fields of a header block; ends with the blank line.</summary>
    public static byte[] FilterHeader(ReadOnlySpan<byte> header, IReadOnlyList<string> fields, bool exclude)
    {
        var output = new MemoryStream();
        int pos = 0;
        while (pos < header.Length)
        {
            // One field: its first line and continuation lines (starting with SP or HT).
            int start = pos;
            int end = NextLine(header, pos);
            if (end - start <= 2 && (header[start] == '\r' || header[start] == '\n')) break; // blank line ends the header
            while (end < header.Length && header[end] is (byte)' ' or (byte)'\t') end = NextLine(header, end);
            var field = header[start..end];
            int colon = field.IndexOf((byte)':');
            bool named = false;
            if (colon > 0)
            {
                var name = System.Text.Encoding.ASCII.GetString(field[..colon]).TrimEnd();
                foreach (var f in fields)
                {
                    if (string.Equals(f, name, StringComparison.OrdinalIgnoreCase))
                    {
                        named = true;
                        break;
                    }
                }
            }

            if (colon > 0 && named != exclude)
            {
                output.Write(field);
                if (field.Length == 0 || field[^1] != '\n') output.Write("\r\n"u8);
            }

            pos = end;
        }

        output.Write("\r\n"u8);
        return output.ToArray();
    }

    private static int NextLine(ReadOnlySpan<byte> text, int from)
    {
        int lf = text[from..].IndexOf((byte)'\n');
        return lf < 0 ? text.Length : from + lf + 1;
    }

    private static ByteRange Range(MessageSummary s, long start, long end)
    {
        start = Math.Clamp(start, 0, s.Size);
        end = Math.Clamp(end, start, s.Size);
        return new ByteRange(start, end - start);
    }
}
