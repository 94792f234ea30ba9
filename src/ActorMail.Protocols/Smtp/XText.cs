using System.Text;

namespace ActorMail.Protocols.Smtp;

/// <summary>RFC 3461 §4 xtext: printable ASCII with "+XX" hex escapes (used by ENVID, ORCPT and AUTH=).</summary>
public static class XText
{
    /// <summary>Decodes xtext. With <paramref name="allowUtf8"/> raw UTF-8 characters are kept (RFC 6531 §3.3).</summary>
    public static bool TryDecode(string text, bool allowUtf8, out string decoded)
    {
        decoded = "";
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '+')
            {
                if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2])) return false;
                bytes.Add((byte)(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
                i += 2;
            }
            else if (c is >= '!' and <= '~' && c != '=')
            {
                bytes.Add((byte)c);
            }
            else if (c > 127 && allowUtf8 && c != '\uFFFD')
            {
                if (char.IsHighSurrogate(c))
                {
                    if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                    int n = Encoding.UTF8.GetBytes(text.AsSpan(i, 2), utf8);
                    bytes.AddRange(utf8[..n].ToArray());
                    i++;
                }
                else if (char.IsLowSurrogate(c))
                {
                    return false;
                }
                else
                {
                    int n = Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
                    bytes.AddRange(utf8[..n].ToArray());
                }
            }
            else
            {
                return false;
            }
        }
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return true;
    }

    /// <summary>Encodes text as xtext: '+', '=' and every octet outside 33..126 become "+XX".</summary>
    public static string Encode(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 33 and <= 126 && b != '+' && b != '=') sb.Append((char)b);
            else sb.Append('+').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
