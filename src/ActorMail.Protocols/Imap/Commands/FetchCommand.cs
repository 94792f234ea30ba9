using ActorMail.Protocols.Imap.Fetch;

namespace ActorMail.Protocols.Imap.Commands;

/// <summary>
/// FETCH / UID FETCH set items [(CHANGEDSINCE n [VANISHED])] (RFC 9051 §6.4.5, RFC 7162 §3.1.4, §3.2.6).
/// Macros ALL, FAST and FULL are expanded; UID FETCH always includes UID (RFC 9051 §6.4.9).
/// </summary>
public sealed record FetchCommand(
    string Tag,
    bool IsUid,
    ImapSequenceSet Set,
    IReadOnlyList<FetchItem> Items,
    ulong? ChangedSince,
    bool Vanished) : ImapCommand(Tag)
{
    public override string Name => IsUid ? "UID FETCH" : "FETCH";

    internal static FetchCommand Parse(string tag, ImapReader r, bool uid)
    {
        r.Space();
        var set = r.SequenceSet();
        r.Space();
        var items = new List<FetchItem>();
        if (r.Peek() == '(')
        {
            r.Open();
            do Add(items, ParseItem(r, r.Word()));
            while (r.TryConsume(' '));
            r.Close();
        }
        else
        {
            var word = r.Word();
            switch (word)
            {
                case "ALL":
                    Add(items, Simple(FetchItemKind.Flags), Simple(FetchItemKind.InternalDate), Simple(FetchItemKind.Rfc822Size), Simple(FetchItemKind.Envelope));
                    break;
                case "FAST":
                    Add(items, Simple(FetchItemKind.Flags), Simple(FetchItemKind.InternalDate), Simple(FetchItemKind.Rfc822Size));
                    break;
                case "FULL":
                    Add(items, Simple(FetchItemKind.Flags), Simple(FetchItemKind.InternalDate), Simple(FetchItemKind.Rfc822Size), Simple(FetchItemKind.Envelope), Simple(FetchItemKind.Body));
                    break;
                default:
                    Add(items, ParseItem(r, word));
                    break;
            }
        }
        ulong? changedSince = null;
        bool vanished = false;
        if (!r.AtEnd)
        {
            r.Space();
            r.Open();
            do
            {
                switch (r.Keyword())
                {
                    case "CHANGEDSINCE":
                        r.Space();
                        changedSince = r.Number64();
                        break;
                    case "VANISHED" when uid:
                        vanished = true;
                        break;
                    default:
                        throw ImapReader.Error(ImapErrors.InvalidOption);
                }
            }
            while (r.TryConsume(' '));
            r.Close();
            // RFC 7162 §3.2.6: VANISHED needs CHANGEDSINCE.
            if (vanished && changedSince is null) throw ImapReader.Error(ImapErrors.InvalidOption);
        }
        r.End();
        if (uid && !items.Exists(i => i.Kind == FetchItemKind.Uid)) items.Insert(0, Simple(FetchItemKind.Uid));
        if (changedSince is not null && !items.Exists(i => i.Kind == FetchItemKind.ModSeq)) items.Add(Simple(FetchItemKind.ModSeq));
        return new FetchCommand(tag, uid, set, items, changedSince, vanished);
    }

    private static FetchItem Simple(FetchItemKind kind) => new(kind);

    private static void Add(List<FetchItem> items, params FetchItem[] add)
    {
        foreach (var item in add)
            if (!items.Contains(item)) items.Add(item);
    }

    private static FetchItem ParseItem(ImapReader r, string name)
    {
        switch (name)
        {
            case "FLAGS": return Simple(FetchItemKind.Flags);
            case "INTERNALDATE": return Simple(FetchItemKind.InternalDate);
            case "RFC822.SIZE": return Simple(FetchItemKind.Rfc822Size);
            case "ENVELOPE": return Simple(FetchItemKind.Envelope);
            case "BODYSTRUCTURE": return Simple(FetchItemKind.BodyStructure);
            case "UID": return Simple(FetchItemKind.Uid);
            case "MODSEQ": return Simple(FetchItemKind.ModSeq);
            case "RFC822": return Simple(FetchItemKind.Rfc822);
            case "RFC822.HEADER": return Simple(FetchItemKind.Rfc822Header);
            case "RFC822.TEXT": return Simple(FetchItemKind.Rfc822Text);
            case "BODY" when r.Peek() != '[': return Simple(FetchItemKind.Body);
            case "BODY" or "BODY.PEEK":
                return new FetchItem(FetchItemKind.BodySection, ParseSection(r), name == "BODY.PEEK", ParsePartial(r));
            case "BINARY" or "BINARY.PEEK":
                return new FetchItem(FetchItemKind.Binary, ParseBinarySection(r), name == "BINARY.PEEK", ParsePartial(r));
            case "BINARY.SIZE":
                return new FetchItem(FetchItemKind.BinarySize, ParseBinarySection(r));
            default:
                throw ImapReader.Error(ImapErrors.InvalidFetchAttribute);
        }
    }

    private static BodySection ParseBinarySection(ImapReader r)
    {
        r.Expect('[');
        var part = r.Peek() == ']' ? [] : ParsePart(r, out bool more);
        r.Expect(']');
        return new BodySection(part, BodySectionKind.Full, []);
    }

    private static List<uint> ParsePart(ImapReader r, out bool more)
    {
        var part = new List<uint>();
        more = false;
        while (char.IsAsciiDigit((char)r.Peek()))
        {
            ulong n = r.Digits();
            if (n is 0 or > uint.MaxValue || part.Count >= 64) throw ImapReader.Error(ImapErrors.InvalidSection);
            part.Add((uint)n);
            more = r.TryConsume('.');
            if (!more) break;
        }
        return part;
    }

    private static BodySection ParseSection(ImapReader r)
    {
        r.Expect('[');
        if (r.TryConsume(']')) return new BodySection([], BodySectionKind.Full, []);
        var part = ParsePart(r, out bool more);
        var kind = BodySectionKind.Full;
        var fields = new List<string>();
        if (part.Count == 0 || more)
        {
            kind = r.Word() switch
            {
                "HEADER" => BodySectionKind.Header,
                "HEADER.FIELDS" => BodySectionKind.HeaderFields,
                "HEADER.FIELDS.NOT" => BodySectionKind.HeaderFieldsNot,
                "TEXT" => BodySectionKind.Text,
                "MIME" when part.Count > 0 => BodySectionKind.Mime,
                _ => throw ImapReader.Error(ImapErrors.InvalidSection),
            };
            if (kind is BodySectionKind.HeaderFields or BodySectionKind.HeaderFieldsNot)
            {
                r.Space();
                r.Open();
                do
                {
                    var field = ImapReader.Utf8(r.AStringBytes());
                    if (field.Length == 0 || field.Any(c => c <= ' ' || c == ':' || c > '~')) throw ImapReader.Error(ImapErrors.InvalidSection);
                    fields.Add(field);
                }
                while (r.TryConsume(' '));
                r.Close();
            }
        }
        if (r.Peek() != ']') throw ImapReader.Error(ImapErrors.InvalidSection);
        r.Expect(']');
        return new BodySection(part, kind, fields);
    }

    private static FetchPartial? ParsePartial(ImapReader r)
    {
        if (!r.TryConsume('<')) return null;
        ulong offset = r.Digits();
        r.Expect('.');
        ulong length = r.Digits();
        r.Expect('>');
        if (offset > uint.MaxValue || length is 0 or > uint.MaxValue) throw ImapReader.Error(ImapErrors.InvalidNumber);
        return new FetchPartial((uint)offset, (uint)length);
    }
}
