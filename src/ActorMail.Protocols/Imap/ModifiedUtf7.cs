using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ActorMail.Protocols.Imap;

/// <summary>Modified UTF-7 of IMAP mailbox names (RFC 3501 §5.1.3).</summary>
public static class ModifiedUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /// <summary>Encodes a Unicode mailbox name: printable ASCII stays, "&amp;" becomes "&amp;-", the rest is base64 of UTF-16.</summary>
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 8);
        int runStart = -1;
        for (int i = 0; i <= name.Length; i++)
        {
            bool direct = i == name.Length || name[i] is >= ' ' and <= '~';
            if (!direct)
            {
                if (runStart < 0) runStart = i;
                continue;
            }
            if (runStart >= 0)
            {
                AppendEncoded(sb, name.AsSpan(runStart, i - runStart));
                runStart = -1;
            }
            if (i == name.Length) break;
            sb.Append(name[i]);
            if (name[i] == '&') sb.Append('-');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Decodes strictly: fails on characters outside printable ASCII, bad base64, an unterminated "&amp;",
    /// non-zero or excess padding bits, encoded printable ASCII, adjacent encoded runs and broken surrogates.
    /// </summary>
    public static bool TryDecode(string encoded, [NotNullWhen(true)] out string? decoded)
    {
        decoded = null;
        if (encoded is null) return false;
        var sb = new StringBuilder(encoded.Length);
        bool previousEncoded = false;
        int i = 0;
        while (i < encoded.Length)
        {
            char c = encoded[i];
            if (c is < ' ' or > '~') return false;
            if (c != '&')
            {
                sb.Append(c);
                previousEncoded = false;
                i++;
                continue;
            }
            int j = i + 1;
            if (j < encoded.Length && encoded[j] == '-')
            {
                sb.Append('&');
                previousEncoded = false;
                i = j + 1;
                continue;
            }
            if (previousEncoded) return false;
            int bits = 0, nbits = 0, start = sb.Length;
            while (j < encoded.Length && encoded[j] != '-')
            {
                int v = Alphabet.IndexOf(encoded[j], StringComparison.Ordinal);
                if (v < 0) return false;
                bits = (bits << 6) | v;
                nbits += 6;
                if (nbits >= 16)
                {
                    nbits -= 16;
                    sb.Append((char)((bits >> nbits) & 0xFFFF));
                    bits &= (1 << nbits) - 1;
                }
                j++;
            }
            if (j >= encoded.Length || sb.Length == start || nbits >= 6 || bits != 0) return false;
            if (!ValidEncodedRun(sb, start)) return false;
            previousEncoded = true;
            i = j + 1;
        }
        decoded = sb.ToString();
        return true;
    }

    /// <summary>Decodes, throwing <see cref="FormatException"/> when <see cref="TryDecode"/> fails.</summary>
    public static string Decode(string encoded) =>
        TryDecode(encoded, out var d) ? d : throw new FormatException("invalid modified UTF-7");

    private static bool ValidEncodedRun(StringBuilder sb, int start)
    {
        for (int k = start; k < sb.Length; k++)
        {
            char ch = sb[k];
            if (ch is >= ' ' and <= '~') return false;
            if (char.IsHighSurrogate(ch))
            {
                if (k + 1 >= sb.Length || !char.IsLowSurrogate(sb[k + 1])) return false;
                k++;
            }
            else if (char.IsLowSurrogate(ch)) return false;
        }
        return true;
    }

    private static void AppendEncoded(StringBuilder sb, ReadOnlySpan<char> run)
    {
        sb.Append('&');
        int bits = 0, nbits = 0;
        foreach (char ch in run)
        {
            bits = (bits << 16) | ch;
            nbits += 16;
            while (nbits >= 6)
            {
                nbits -= 6;
                sb.Append(Alphabet[(bits >> nbits) & 0x3F]);
            }
            bits &= (1 << nbits) - 1;
        }
        if (nbits > 0) sb.Append(Alphabet[(bits << (6 - nbits)) & 0x3F]);
        sb.Append('-');
    }
}
