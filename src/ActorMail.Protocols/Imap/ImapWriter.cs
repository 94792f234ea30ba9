using System.Buffers;
using System.Globalization;
using System.Text;
using ActorMail.Core;
using ActorMail.Protocols.Imap.Search;

namespace ActorMail.Protocols.Imap;

/// <summary>
/// Writes IMAP response syntax into a buffer: tokens, strings (quoted or literal as needed), lists, flags,
/// dates, whole status lines and the VANISHED and ESEARCH responses. Callers add spaces with <see cref="Space"/>.
/// </summary>
public sealed class ImapWriter(IBufferWriter<byte> output)
{
    /// <summary>Strings longer than this are sent as literals.</summary>
    public const int MaxQuotedLength = 1024;

    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    /// <summary>Writes ASCII text as is (atoms, keywords, pre-rendered tokens).</summary>
    public ImapWriter Raw(string ascii)
    {
        int n = Encoding.ASCII.GetByteCount(ascii);
        Encoding.ASCII.GetBytes(ascii, output.GetSpan(n));
        output.Advance(n);
        return this;
    }

    public ImapWriter Raw(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        return this;
    }

    public ImapWriter Space() => Raw(" "u8);

    public ImapWriter Nil() => Raw("NIL"u8);

    public ImapWriter Number(ulong value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>"* ".</summary>
    public ImapWriter Untagged() => Raw("* "u8);

    /// <summary>"tag ".</summary>
    public ImapWriter Tagged(string tag) => Raw(tag).Space();

    /// <summary>CRLF.</summary>
    public ImapWriter EndLine() => Raw(Crlf);

    public ImapWriter OpenList() => Raw("("u8);

    public ImapWriter CloseList() => Raw(")"u8);

    /// <summary>A continuation request line: "+ text" CRLF.</summary>
    public ImapWriter Continuation(string text = "Ready") => Raw("+ "u8).Raw(text).EndLine();

    /// <summary>
    /// A whole status line with CRLF: <c>tag OK [code] text</c>, or untagged (<c>*</c>) when
    /// <paramref name="tag"/> is null. <paramref name="code"/> is the text inside the brackets, e.g. from <see cref="ImapResponseCode"/>.
    /// </summary>
    public ImapWriter Status(string? tag, ImapStatus status, string? code, string text)
    {
        if (tag is null) Untagged();
        else Tagged(tag);
        Raw(status switch
        {
            ImapStatus.Ok => "OK",
            ImapStatus.No => "NO",
            ImapStatus.Bad => "BAD",
            ImapStatus.PreAuth => "PREAUTH",
            _ => "BYE",
        });
        if (!string.IsNullOrEmpty(code)) Raw(" [").Raw(code).Raw("]");
        return Raw(" ").Raw(SanitizeText(text)).EndLine();
    }

    /// <summary>A string: quoted when short, 7-bit and free of CR/LF/NUL, otherwise a literal (UTF-8). Null gives NIL.</summary>
    public ImapWriter String(string? value)
    {
        if (value is null) return Nil();
        return String(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A string from raw bytes, quoted or literal as in <see cref="String(string?)"/>.</summary>
    public ImapWriter String(ReadOnlySpan<byte> value)
    {
        if (!CanQuote(value)) return Literal(value);
        Raw("\""u8);
        foreach (byte b in value)
        {
            if (b is (byte)'"' or (byte)'\\') Raw("\\"u8);
            output.GetSpan(1)[0] = b;
            output.Advance(1);
        }
        return Raw("\""u8);
    }

    /// <summary>An atom when the text allows it (non-empty ATOM-CHARs, not NIL), else a string.</summary>
    public ImapWriter AString(string value)
    {
        if (value.Length > 0 && !value.Equals("NIL", StringComparison.OrdinalIgnoreCase) && value.All(c => ImapGrammar.IsAStringChar(c)))
            return Raw(value);
        return String(value);
    }

    /// <summary>A literal: <c>{n}</c> CRLF then the bytes.</summary>
    public ImapWriter Literal(ReadOnlySpan<byte> value) => LiteralHeader(value.Length).Raw(value);

    /// <summary>
    /// Only the header of a literal (<c>{n}</c> or <c>~{n}</c> CRLF) for content the caller streams itself.
    /// </summary>
    public ImapWriter LiteralHeader(long size, bool binary = false)
    {
        if (binary) Raw("~"u8);
        return Raw("{").Number((ulong)size).Raw("}").EndLine();
    }

    /// <summary>A mailbox name: modified UTF-7 (or UTF-8 after ENABLE UTF8=ACCEPT), as atom or string.</summary>
    public ImapWriter Mailbox(string name, bool utf8 = false) => AString(utf8 ? name : ModifiedUtf7.Encode(name));

    /// <summary>A flag list: system flags, then keywords, then <c>\Recent</c> when asked.</summary>
    public ImapWriter Flags(MessageFlags flags, IEnumerable<string>? keywords = null, bool recent = false)
    {
        var parts = new List<string>();
        if (flags.HasFlag(MessageFlags.Answered)) parts.Add("\\Answered");
        if (flags.HasFlag(MessageFlags.Flagged)) parts.Add("\\Flagged");
        if (flags.HasFlag(MessageFlags.Deleted)) parts.Add("\\Deleted");
        if (flags.HasFlag(MessageFlags.Seen)) parts.Add("\\Seen");
        if (flags.HasFlag(MessageFlags.Draft)) parts.Add("\\Draft");
        if (keywords is not null) parts.AddRange(keywords);
        if (recent) parts.Add("\\Recent");
        return OpenList().Raw(string.Join(' ', parts)).CloseList();
    }

    /// <summary>An internal date as a quoted <c>"dd-MMM-yyyy HH:mm:ss +zzzz"</c>.</summary>
    public ImapWriter InternalDate(DateTimeOffset value) => Raw("\"").Raw(ImapDate.FormatDateTime(value)).Raw("\"");

    /// <summary>A sequence set such as <c>1:3,7</c>.</summary>
    public ImapWriter Set(UidSet set) => Raw(set.ToString());

    /// <summary><c>* VANISHED [(EARLIER)] set</c> CRLF (RFC 7162 §3.2.10); nothing for an empty set.</summary>
    public ImapWriter Vanished(UidSet uids, bool earlier)
    {
        if (uids.IsEmpty) return this;
        Untagged().Raw("VANISHED "u8);
        if (earlier) Raw("(EARLIER) "u8);
        return Set(uids).EndLine();
    }

    /// <summary>
    /// <c>* ESEARCH (TAG "t") [UID] [MIN n] [MAX n] [COUNT n] [ALL set]</c> CRLF (RFC 4731 §3.1) for the
    /// options asked; MIN, MAX and ALL are left out when nothing matched.
    /// </summary>
    public ImapWriter ESearch(string tag, bool uid, SearchReturnOptions options, UidSet result)
    {
        Untagged().Raw("ESEARCH (TAG "u8).String(tag).CloseList();
        if (uid) Raw(" UID"u8);
        if (!result.IsEmpty && options.HasFlag(SearchReturnOptions.Min)) Raw(" MIN "u8).Number(result.Min);
        if (!result.IsEmpty && options.HasFlag(SearchReturnOptions.Max)) Raw(" MAX "u8).Number(result.Max);
        if (options.HasFlag(SearchReturnOptions.Count)) Raw(" COUNT "u8).Number((ulong)result.Count);
        if (!result.IsEmpty && options.HasFlag(SearchReturnOptions.All)) Raw(" ALL "u8).Set(result);
        return EndLine();
    }

    private static bool CanQuote(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxQuotedLength) return false;
        foreach (byte b in value)
            if (b is 0 or (byte)'\r' or (byte)'\n' or > 0x7f) return false;
        return true;
    }

    private static string SanitizeText(string text)
    {
        if (text.Length == 0) return "Done";
        var sb = new StringBuilder(text.Length);
        foreach (char c in text) sb.Append(c is < ' ' or > '~' ? '?' : c);
        return sb.ToString();
    }
}
