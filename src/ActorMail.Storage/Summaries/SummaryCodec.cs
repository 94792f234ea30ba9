using System.Text;

namespace ActorMail.Storage.Summaries;

/// <summary>
/// Binary form of a <see cref="MessageSummary"/>: a version byte, then the fields in declaration order.
/// Integers are 7-bit encoded; a string is its UTF-8 length + 1 (0 = null) then the bytes; a list is its
/// count then the items.
/// </summary>
internal static class SummaryCodec
{
    private const byte Version = 1;

    public static byte[] Encode(MessageSummary summary)
    {
        using var stream = new MemoryStream(256);
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            w.Write7BitEncodedInt64(summary.Size);
            w.Write7BitEncodedInt64(summary.BodyOffset);
            WriteEnvelope(w, summary.Envelope);
            WritePart(w, summary.Body);
        }

        return stream.ToArray();
    }

    public static MessageSummary Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            using var stream = new MemoryStream(data.ToArray(), writable: false);
            using var r = new BinaryReader(stream, Encoding.UTF8);
            if (r.ReadByte() != Version)
            {
                throw new FormatException("unknown message summary version");
            }

            var summary = new MessageSummary(r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64(), ReadEnvelope(r), ReadPart(r, 0));
            if (stream.Position != stream.Length)
            {
                throw new FormatException("trailing bytes after message summary");
            }

            return summary;
        }
        catch (EndOfStreamException ex)
        {
            throw new FormatException("truncated message summary", ex);
        }
    }

    private static void WriteEnvelope(BinaryWriter w, MessageEnvelope e)
    {
        WriteString(w, e.Date);
        WriteString(w, e.Subject);
        WriteAddresses(w, e.From);
        WriteAddresses(w, e.Sender);
        WriteAddresses(w, e.ReplyTo);
        WriteAddresses(w, e.To);
        WriteAddresses(w, e.Cc);
        WriteAddresses(w, e.Bcc);
        WriteString(w, e.InReplyTo);
        WriteString(w, e.MessageId);
    }

    private static MessageEnvelope ReadEnvelope(BinaryReader r)
        => new(ReadString(r), ReadString(r), ReadAddresses(r), ReadAddresses(r), ReadAddresses(r),
            ReadAddresses(r), ReadAddresses(r), ReadAddresses(r), ReadString(r), ReadString(r));

    private static void WritePart(BinaryWriter w, BodyPartSummary p)
    {
        w.Write(p.MediaType);
        w.Write(p.MediaSubtype);
        WritePairs(w, p.Parameters);
        WriteString(w, p.ContentId);
        WriteString(w, p.ContentDescription);
        WriteString(w, p.ContentTransferEncoding);
        w.Write7BitEncodedInt64(p.Size);
        w.Write7BitEncodedInt64(p.Lines.HasValue ? p.Lines.Value + 1 : 0);
        WriteString(w, p.ContentMd5);
        WriteString(w, p.Disposition);
        WritePairs(w, p.DispositionParameters);
        w.Write7BitEncodedInt(p.Languages.Count);
        foreach (var language in p.Languages)
        {
            w.Write(language);
        }

        WriteString(w, p.Location);
        w.Write7BitEncodedInt64(p.HeaderStart);
        w.Write7BitEncodedInt64(p.BodyStart);
        w.Write7BitEncodedInt64(p.End);
        w.Write7BitEncodedInt(p.Children.Count);
        foreach (var child in p.Children)
        {
            WritePart(w, child);
        }

        w.Write(p.Message is not null);
        if (p.Message is not null)
        {
            WriteEnvelope(w, p.Envelope ?? MessageEnvelope.Empty);
            WritePart(w, p.Message);
        }
    }

    private static BodyPartSummary ReadPart(BinaryReader r, int depth)
    {
        if (depth > 256)
        {
            throw new FormatException("message summary nested too deeply");
        }

        var part = new BodyPartSummary
        {
            MediaType = r.ReadString(),
            MediaSubtype = r.ReadString(),
            Parameters = ReadPairs(r),
            ContentId = ReadString(r),
            ContentDescription = ReadString(r),
            ContentTransferEncoding = ReadString(r),
            Size = r.Read7BitEncodedInt64(),
            Lines = r.Read7BitEncodedInt64() is var lines and > 0 ? lines - 1 : null,
            ContentMd5 = ReadString(r),
            Disposition = ReadString(r),
            DispositionParameters = ReadPairs(r),
            Languages = ReadList(r, static r => r.ReadString()),
            Location = ReadString(r),
            HeaderStart = r.Read7BitEncodedInt64(),
            BodyStart = r.Read7BitEncodedInt64(),
            End = r.Read7BitEncodedInt64(),
        };
        var children = ReadList(r, r => ReadPart(r, depth + 1));
        if (r.ReadBoolean())
        {
            var envelope = ReadEnvelope(r);
            return part with { Children = children, Envelope = envelope, Message = ReadPart(r, depth + 1) };
        }

        return part with { Children = children };
    }

    private static void WriteString(BinaryWriter w, string? s)
    {
        if (s is null)
        {
            w.Write7BitEncodedInt(0);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write7BitEncodedInt(bytes.Length + 1);
        w.Write(bytes);
    }

    private static string? ReadString(BinaryReader r)
    {
        int n = r.Read7BitEncodedInt();
        if (n == 0)
        {
            return null;
        }

        var bytes = r.ReadBytes(n - 1);
        if (bytes.Length != n - 1)
        {
            throw new EndOfStreamException();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static void WriteAddresses(BinaryWriter w, IReadOnlyList<SummaryAddress> list)
    {
        w.Write7BitEncodedInt(list.Count);
        foreach (var a in list)
        {
            WriteString(w, a.Name);
            WriteString(w, a.Route);
            WriteString(w, a.Mailbox);
            WriteString(w, a.Host);
        }
    }

    private static SummaryAddress[] ReadAddresses(BinaryReader r)
        => ReadList(r, static r => new SummaryAddress(ReadString(r), ReadString(r), ReadString(r), ReadString(r)));

    private static void WritePairs(BinaryWriter w, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        w.Write7BitEncodedInt(pairs.Count);
        foreach (var (key, value) in pairs)
        {
            w.Write(key);
            w.Write(value);
        }
    }

    private static KeyValuePair<string, string>[] ReadPairs(BinaryReader r)
        => ReadList(r, static r => new KeyValuePair<string, string>(r.ReadString(), r.ReadString()));

    private static T[] ReadList<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        int count = r.Read7BitEncodedInt();
        if (count < 0 || count > r.BaseStream.Length - r.BaseStream.Position)
        {
            throw new FormatException("bad list length in message summary");
        }

        var items = new T[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = read(r);
        }

        return items;
    }
}
