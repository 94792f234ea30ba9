using System.Globalization;
using System.Text;

namespace ActorMail.Protocols.Imap;

/// <summary>
/// Cursor over a received <see cref="ImapFrame"/>: reads IMAP tokens, stepping from a line's literal marker
/// into its literal and on into the next line. Throws <see cref="ImapParseException"/> on malformed input.
/// </summary>
internal sealed class ImapReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly ImapFrame _frame;
    private readonly ImapParseOptions _options;
    private byte[] _cur;
    private int _line;
    private int _pos;
    private int _depth;
    private int _parens;

    public ImapReader(ImapFrame frame, ImapParseOptions options)
    {
        _frame = frame;
        _options = options;
        _cur = frame.Lines[0];
    }

    public ImapParseOptions Options => _options;

    /// <summary>Skips <paramref name="count"/> bytes already validated by the caller.</summary>
    public void Skip(int count) => _pos = Math.Min(_pos + count, _cur.Length);

    /// <summary>At the end of the whole command.</summary>
    public bool AtEnd => _pos >= _cur.Length && _line == _frame.Lines.Count - 1;

    /// <summary>The next byte of the current line, or -1 at its end.</summary>
    public int Peek() => _pos < _cur.Length ? _cur[_pos] : -1;

    public static ImapParseException Error(string text) => new(text);

    /// <summary>Whether <paramref name="upperWord"/> (any case) followed by a space comes next.</summary>
    public bool LookingAt(string upperWord)
    {
        if (_pos + upperWord.Length >= _cur.Length || _cur[_pos + upperWord.Length] != ' ') return false;
        for (int i = 0; i < upperWord.Length; i++)
            if (char.ToUpperInvariant((char)_cur[_pos + i]) != upperWord[i]) return false;
        return true;
    }

    public bool TryConsume(char c)
    {
        if (Peek() != c) return false;
        _pos++;
        return true;
    }

    public void Expect(char c)
    {
        if (TryConsume(c)) return;
        if (c == ')') throw Error(ImapErrors.UnbalancedParentheses);
        throw Missing(c == ' ' ? ImapErrors.ExpectedSpace : $"Expected '{c}'");
    }

    public void Space() => Expect(' ');

    /// <summary>Requires the end of the command.</summary>
    public void End()
    {
        if (AtEnd) return;
        throw Error(Peek() == ')' ? ImapErrors.UnbalancedParentheses : ImapErrors.ExtraArguments);
    }

    /// <summary>Consumes "(" and (unless the caller already did) counts nesting against the limit.</summary>
    public void Open(bool countNesting = true)
    {
        Expect('(');
        _parens++;
        if (countNesting) Enter();
    }

    /// <summary>Consumes ")" closing an <see cref="Open"/>.</summary>
    public void Close(bool countNesting = true)
    {
        Expect(')');
        _parens--;
        if (countNesting) Leave();
    }

    /// <summary>Counts one nesting level (parentheses or recursive search keys).</summary>
    public void Enter()
    {
        if (++_depth > _options.MaxNesting) throw Error(ImapErrors.NestingTooDeep);
    }

    public void Leave() => _depth--;

    /// <summary>A quoted string, literal or literal8 starts here.</summary>
    public bool AtString()
    {
        int c = Peek();
        return c is '"' or '{' || (c == '~' && _pos + 1 < _cur.Length && _cur[_pos + 1] == '{');
    }

    /// <summary>The error for a missing token: an unclosed parenthesis when inside one.</summary>
    private ImapParseException Missing(string otherwise)
    {
        int c = Peek();
        if ((c == ')' && _parens == 0) || (c < 0 && _parens > 0)) return Error(ImapErrors.UnbalancedParentheses);
        if (c == ')') return Error(ImapErrors.MissingArgument);
        return Error(c < 0 ? ImapErrors.MissingArgument : otherwise);
    }

    /// <summary>1*ATOM-CHAR (plus "]" when <paramref name="allowBracket"/>), as ASCII.</summary>
    public string Atom(bool allowBracket = false)
    {
        int start = _pos;
        while (_pos < _cur.Length && (allowBracket ? ImapGrammar.IsAStringChar(_cur[_pos]) : ImapGrammar.IsAtomChar(_cur[_pos]))) _pos++;
        if (_pos == start) throw Missing(ImapErrors.InvalidString);
        return Encoding.ASCII.GetString(_cur, start, _pos - start);
    }

    /// <summary>An atom read and upper-cased (keywords of the grammar).</summary>
    public string Keyword() => Atom().ToUpperInvariant();

    /// <summary>Letters, digits and dots: names of fetch attributes and command keywords before "[" or "(".</summary>
    public string Word()
    {
        int start = _pos;
        while (_pos < _cur.Length && (char.IsAsciiLetterOrDigit((char)_cur[_pos]) || _cur[_pos] is (byte)'.' or (byte)'-' or (byte)'=' or (byte)'$' or (byte)'_')) _pos++;
        if (_pos == start) throw Missing(ImapErrors.InvalidString);
        return Encoding.ASCII.GetString(_cur, start, _pos - start).ToUpperInvariant();
    }

    /// <summary>astring: 1*ASTRING-CHAR, a quoted string or a literal.</summary>
    public byte[] AStringBytes()
    {
        if (AtString()) return StringBytes();
        int start = _pos;
        while (_pos < _cur.Length && ImapGrammar.IsAStringChar(_cur[_pos])) _pos++;
        if (_pos == start) throw Missing(ImapErrors.InvalidString);
        return _cur.AsSpan(start, _pos - start).ToArray();
    }

    public string AString() => Utf8(AStringBytes());

    /// <summary>nstring: NIL or a string.</summary>
    public byte[]? NStringBytes()
    {
        if (AtString()) return StringBytes();
        if (Keyword() == "NIL") return null;
        throw Error(ImapErrors.InvalidString);
    }

    /// <summary>A quoted string or a literal (not an atom).</summary>
    public byte[] StringBytes()
    {
        int c = Peek();
        if (c == '"') return Quoted();
        if (c is '{' or '~')
        {
            var lit = Literal();
            if (lit.IsStreamed || lit.IsBinary) throw Error(ImapErrors.InvalidLiteral);
            return lit.Data.ToArray();
        }
        throw Missing(ImapErrors.InvalidString);
    }

    public string String() => Utf8(StringBytes());

    /// <summary>A literal: the marker must end the current line; the cursor moves to the next line.</summary>
    public ImapLiteral Literal()
    {
        var rest = _cur.AsSpan(_pos);
        if (_line >= _frame.Literals.Count || !ImapFraming.TryLiteralMarker(rest, out _, out _, out bool binary)
            || rest[0] != (binary ? '~' : '{'))
            throw Error(ImapErrors.InvalidLiteral);
        var lit = _frame.Literals[_line];
        _line++;
        _cur = _frame.Lines[_line];
        _pos = 0;
        return lit;
    }

    private byte[] Quoted()
    {
        Expect('"');
        var buf = new List<byte>();
        while (true)
        {
            if (_pos >= _cur.Length) throw Error(ImapErrors.InvalidString);
            byte b = _cur[_pos++];
            if (b == '"') return buf.ToArray();
            if (b == '\\')
            {
                if (_pos >= _cur.Length || _cur[_pos] is not ((byte)'"' or (byte)'\\')) throw Error(ImapErrors.InvalidString);
                b = _cur[_pos++];
            }
            else if (b is 0 or (byte)'\r' or (byte)'\n') throw Error(ImapErrors.InvalidString);
            buf.Add(b);
        }
    }

    /// <summary>number: an unsigned 32-bit decimal.</summary>
    public uint Number(bool nonZero = false)
    {
        ulong v = Number64();
        if (v > uint.MaxValue || (nonZero && v == 0)) throw Error(ImapErrors.InvalidNumber);
        return (uint)v;
    }

    /// <summary>number64 (RFC 9051) / mod-sequence-value: up to 2^63-1.</summary>
    public ulong Number64()
    {
        ulong v = Digits();
        if (_pos < _cur.Length && ImapGrammar.IsAtomChar(_cur[_pos])) throw Error(ImapErrors.InvalidNumber);
        return v;
    }

    /// <summary>Decimal digits (at most 19) with no check of what follows.</summary>
    public ulong Digits()
    {
        int start = _pos;
        ulong v = 0;
        while (_pos < _cur.Length && char.IsAsciiDigit((char)_cur[_pos]))
        {
            if (_pos - start >= 19) throw Error(ImapErrors.InvalidNumber);
            v = v * 10 + (ulong)(_cur[_pos] - '0');
            _pos++;
        }
        if (_pos == start) throw Missing(ImapErrors.InvalidNumber);
        return v;
    }

    /// <summary>sequence-set, or "$" (RFC 5182 saved search result).</summary>
    public ImapSequenceSet SequenceSet()
    {
        int start = _pos;
        while (_pos < _cur.Length && ImapGrammar.IsAtomChar(_cur[_pos]) || Peek() == '*') _pos++;
        if (_pos == start) throw Missing(ImapErrors.InvalidSequenceSet);
        var text = Encoding.ASCII.GetString(_cur, start, _pos - start);
        return ImapSequenceSet.TryParse(text, out var set) ? set : throw Error(ImapErrors.InvalidSequenceSet);
    }

    /// <summary>A mailbox name (astring), decoded from modified UTF-7 (or UTF-8 after ENABLE UTF8=ACCEPT), INBOX normalised.</summary>
    public string Mailbox() => DecodeMailbox(AStringBytes());

    /// <summary>list-mailbox: 1*list-char or a string, decoded like <see cref="Mailbox"/>.</summary>
    public string ListMailbox()
    {
        if (AtString()) return DecodeMailbox(StringBytes(), normalize: false);
        int start = _pos;
        while (_pos < _cur.Length && ImapGrammar.IsListChar(_cur[_pos])) _pos++;
        if (_pos == start) throw Missing(ImapErrors.InvalidMailboxName);
        return DecodeMailbox(_cur.AsSpan(start, _pos - start).ToArray(), normalize: false);
    }

    private string DecodeMailbox(byte[] raw, bool normalize = true)
    {
        string name;
        if (_options.Utf8Accept) name = Utf8(raw);
        else
        {
            foreach (byte b in raw)
                if (b is < 0x20 or > 0x7e) throw Error(ImapErrors.InvalidMailboxName);
            if (!ModifiedUtf7.TryDecode(Encoding.ASCII.GetString(raw), out var decoded))
                throw Error(ImapErrors.InvalidMailboxName);
            name = decoded;
        }
        return normalize ? ImapMailboxName.Normalize(name) : name;
    }

    /// <summary>A quoted date-time "dd-MMM-yyyy HH:mm:ss +zzzz".</summary>
    public DateTimeOffset DateTime()
    {
        if (Peek() != '"') throw Error(ImapErrors.InvalidDate);
        var text = Encoding.ASCII.GetString(Quoted());
        return ImapDate.TryParseDateTime(text, out var value) ? value : throw Error(ImapErrors.InvalidDate);
    }

    /// <summary>A search date "d-MMM-yyyy", bare or quoted.</summary>
    public DateOnly Date()
    {
        string text = Peek() == '"' ? Encoding.ASCII.GetString(Quoted()) : Atom();
        return ImapDate.TryParseDate(text, out var value) ? value : throw Error(ImapErrors.InvalidDate);
    }

    public static string Utf8(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(ImapErrors.InvalidUtf8);
        }
    }

    public static string Invariant(ulong n) => n.ToString(CultureInfo.InvariantCulture);
}
