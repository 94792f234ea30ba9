using System.Text;
using System.Text.RegularExpressions;

namespace ActorMail.Sessions.Imap;

/// <summary>Decodes RFC 2047 encoded words in header values (for SEARCH), UTF-8, US-ASCII and ISO-8859-1 only. Pure.</summary>
internal static partial class EncodedWords
{
    [GeneratedRegex(@"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=(?:\s+(?==\?))?", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>The text with every decodable encoded word replaced by its characters; others are left as written.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal)) return value;
        return Word().Replace(value, m =>
        {
            var charset = m.Groups[1].Value;
            int star = charset.IndexOf('*');
            if (star >= 0) charset = charset[..star];
            Encoding? encoding = charset.ToUpperInvariant() switch
            {
                "UTF-8" => Encoding.UTF8,
                "US-ASCII" => Encoding.ASCII,
                "ISO-8859-1" or "LATIN1" => Encoding.Latin1,
                _ => null,
            };
            if (encoding is null) return m.Value;
            var text = m.Groups[3].Value;
            try
            {
                byte[] bytes = m.Groups[2].Value is "b" or "B" ? Convert.FromBase64String(text) : QuotedPrintable(text);
                return encoding.GetString(bytes);
            }
            catch (FormatException)
            {
                return m.Value;
            }
        });
    }

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '_') bytes.Add((byte)' ');
            else if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add((byte)c);
        }

        return bytes.ToArray();
    }
}
