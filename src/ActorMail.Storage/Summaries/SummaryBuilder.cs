using System.Runtime.InteropServices;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace ActorMail.Storage.Summaries;

/// <summary>Computes a <see cref="MessageSummary"/> with MimeKit's parser, recording offsets from its events.</summary>
internal static class SummaryBuilder
{
    private readonly record struct EntityOffsets(long Begin, long HeadersEnd, long End, long Lines);

    public static MessageSummary Build(ReadOnlyMemory<byte> message)
    {
        var stream = MemoryMarshal.TryGetArray(message, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(message.ToArray(), writable: false);
        using (stream)
        {
            return Build(stream);
        }
    }

    public static MessageSummary Build(Stream message)
    {
        Stream source = message;
        MemoryStream? copy = null;
        if (!message.CanSeek)
        {
            copy = new MemoryStream();
            message.CopyTo(copy);
            copy.Position = 0;
            source = copy;
        }

        try
        {
            long start = source.Position;
            long size = source.Length - start;
            try
            {
                var summary = Parse(source, start, size);
                if (summary is not null)
                {
                    return summary;
                }
            }
            catch (Exception ex) when (ex is not IOException and not OperationCanceledException and not OutOfMemoryException)
            {
                // Falls through to the plain-text summary below.
            }

            source.Position = start;
            return Fallback(source, size);
        }
        finally
        {
            copy?.Dispose();
        }
    }

    private static MessageSummary? Parse(Stream source, long start, long size)
    {
        var offsets = new Dictionary<MimeEntity, EntityOffsets>(ReferenceEqualityComparer.Instance);
        var begins = new Dictionary<MimeEntity, long>(ReferenceEqualityComparer.Instance);
        // Persistent: part contents stay in the (seekable) source instead of being copied into memory; only the
        // headers and the offsets are needed here.
        var parser = new MimeParser(source, MimeFormat.Entity, persistent: true);
        parser.MimeEntityBegin += (_, e) => begins[e.Entity] = e.BeginOffset;
        parser.MimeEntityEnd += (_, e) =>
            offsets[e.Entity] = new EntityOffsets(begins.GetValueOrDefault(e.Entity), e.HeadersEndOffset, e.EndOffset, e.Lines);
        var message = parser.ParseMessage();
        if (message.Body is null || !offsets.TryGetValue(message.Body, out var root))
        {
            return null;
        }

        long Rel(long offset) => offset - start;
        var body = BuildPart(message.Body, offsets, Rel);
        return new MessageSummary(size, Rel(root.HeadersEnd), BuildEnvelope(message), body);
    }

    private static BodyPartSummary BuildPart(MimeEntity entity, Dictionary<MimeEntity, EntityOffsets> offsets, Func<long, long> rel)
    {
        var at = offsets.GetValueOrDefault(entity);
        var type = entity.ContentType;
        var headers = entity.Headers;
        bool counted = type.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase) || entity is MessagePart;
        var part = new BodyPartSummary
        {
            MediaType = type.MediaType,
            MediaSubtype = type.MediaSubtype,
            Parameters = Pairs(type.Parameters),
            ContentId = Raw(headers, HeaderId.ContentId),
            ContentDescription = Raw(headers, HeaderId.ContentDescription),
            ContentTransferEncoding = Raw(headers, HeaderId.ContentTransferEncoding),
            ContentMd5 = Raw(headers, HeaderId.ContentMd5),
            Disposition = entity.ContentDisposition?.Disposition,
            DispositionParameters = entity.ContentDisposition is { } cd ? Pairs(cd.Parameters) : [],
            Languages = Languages(Raw(headers, HeaderId.ContentLanguage)),
            Location = Raw(headers, HeaderId.ContentLocation),
            HeaderStart = rel(at.Begin),
            BodyStart = rel(at.HeadersEnd),
            End = rel(at.End),
            Size = Math.Max(0, at.End - at.HeadersEnd),
            Lines = counted ? at.Lines : null,
        };

        return entity switch
        {
            Multipart multipart => part with { Children = multipart.Select(child => BuildPart(child, offsets, rel)).ToArray() },
            MessagePart { Message: { Body: { } inner } nested } => part with
            {
                Envelope = BuildEnvelope(nested),
                Message = BuildPart(inner, offsets, rel),
            },
            _ => part,
        };
    }

    private static MessageEnvelope BuildEnvelope(MimeMessage message)
    {
        var h = message.Headers;
        return new MessageEnvelope(
            Raw(h, HeaderId.Date),
            Raw(h, HeaderId.Subject),
            Addresses(h, HeaderId.From),
            Addresses(h, HeaderId.Sender),
            Addresses(h, HeaderId.ReplyTo),
            Addresses(h, HeaderId.To),
            Addresses(h, HeaderId.Cc),
            Addresses(h, HeaderId.Bcc),
            Raw(h, HeaderId.InReplyTo),
            Raw(h, HeaderId.MessageId));
    }

    /// <summary>The first such header's value, unfolded and trimmed, bytes read as UTF-8; null when absent.</summary>
    private static string? Raw(HeaderList headers, HeaderId id)
    {
        int i = headers.IndexOf(id);
        if (i < 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(headers[i].RawValue);
        return text.Replace("\r", string.Empty, StringComparison.Ordinal)
            .Replace("\n", string.Empty, StringComparison.Ordinal)
            .Trim();
    }

    private static IReadOnlyList<SummaryAddress> Addresses(HeaderList headers, HeaderId id)
    {
        int i = headers.IndexOf(id);
        if (i < 0 || !InternetAddressList.TryParse(ParserOptions.Default, headers[i].RawValue, out var list))
        {
            return [];
        }

        var result = new List<SummaryAddress>();
        Flatten(list, result);
        return result;
    }

    private static void Flatten(IEnumerable<InternetAddress> addresses, List<SummaryAddress> into)
    {
        foreach (var address in addresses)
        {
            switch (address)
            {
                case MailboxAddress mailbox:
                    into.Add(new SummaryAddress(
                        EncodedName(mailbox.Name),
                        mailbox.Route.Count > 0 ? string.Join(',', mailbox.Route.Select(d => "@" + d)) : null,
                        mailbox.LocalPart,
                        string.IsNullOrEmpty(mailbox.Domain) ? null : mailbox.Domain));
                    break;
                case GroupAddress group:
                    into.Add(SummaryAddress.GroupStart(EncodedName(group.Name) ?? string.Empty));
                    Flatten(group.Members, into);
                    into.Add(SummaryAddress.GroupEnd);
                    break;
            }
        }
    }

    /// <summary>The display name in header form: as is when ASCII, RFC 2047 encoded (UTF-8) otherwise.</summary>
    private static string? EncodedName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return Ascii.IsValid(name) ? name : Encoding.ASCII.GetString(Rfc2047.EncodePhrase(Encoding.UTF8, name));
    }

    private static KeyValuePair<string, string>[] Pairs(ParameterList parameters)
        => parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value ?? string.Empty)).ToArray();

    private static string[] Languages(string? raw)
        => raw is null ? [] : raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The whole input as one text/plain part, for input MimeKit could not parse.</summary>
    private static MessageSummary Fallback(Stream source, long size)
    {
        long lines = 0;
        int last = -1;
        var buffer = new byte[81920];
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        if (last >= 0 && last != '\n')
        {
            lines++;
        }

        var part = new BodyPartSummary
        {
            MediaType = "text",
            MediaSubtype = "plain",
            Parameters = [new KeyValuePair<string, string>("charset", "us-ascii")],
            HeaderStart = 0,
            BodyStart = 0,
            End = size,
            Size = size,
            Lines = lines,
        };
        return new MessageSummary(size, 0, MessageEnvelope.Empty, part);
    }
}
