namespace ActorMail.Protocols.Sasl;

/// <summary>Strict base64 (RFC 4648 §4): no white space, padding only at the end, length a multiple of 4.</summary>
internal static class SaslBase64
{
    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 != 0) return false;
        int pad = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '=')
            {
                pad++;
                continue;
            }
            if (pad > 0) return false;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/')) return false;
        }
        if (pad > 2) return false;
        bytes = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, bytes, out int written)) return false;
        bytes = bytes[..written];
        return true;
    }

    public static string Encode(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
