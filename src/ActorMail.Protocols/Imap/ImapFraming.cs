namespace ActorMail.Protocols.Imap;

/// <summary>Line-level facts the receiver needs to frame literals.</summary>
internal static class ImapFraming
{
    /// <summary>Recognises a trailing <c>{n}</c>, <c>{n+}</c>, <c>~{n}</c> or <c>~{n+}</c> (RFC 7888, RFC 3516).</summary>
    internal static bool TryLiteralMarker(ReadOnlySpan<byte> line, out long size, out bool sync, out bool binary)
    {
        size = 0;
        sync = true;
        binary = false;
        if (line.Length < 3 || line[^1] != '}') return false;
        int i = line.Length - 2;
        if (line[i] == '+')
        {
            sync = false;
            i--;
        }
        int digitsEnd = i;
        while (i >= 0 && char.IsAsciiDigit((char)line[i])) i--;
        int digits = digitsEnd - i;
        if (digits == 0 || i < 0 || line[i] != '{') return false;
        if (digits > 12) size = long.MaxValue;
        else
        {
            for (int k = i + 1; k <= digitsEnd; k++) size = size * 10 + (line[k] - '0');
        }
        binary = i > 0 && line[i - 1] == '~';
        return true;
    }

    internal static bool IsAppendCommand(ReadOnlySpan<byte> line)
    {
        int sp = line.IndexOf((byte)' ');
        if (sp < 0) return false;
        var rest = line[(sp + 1)..];
        return rest.Length >= 7 && System.Text.Ascii.EqualsIgnoreCase(rest[..6], "APPEND"u8) && rest[6] == ' ';
    }

    /// <summary>Whether something precedes the literal marker after "tag APPEND " (else the literal is the mailbox name).</summary>
    internal static bool HasArgumentBeforeMarker(ReadOnlySpan<byte> line)
    {
        int sp = line.IndexOf((byte)' ');
        var args = line[(sp + 8)..];
        int brace = args.LastIndexOf((byte)'{');
        if (brace < 0) return false;
        if (brace > 0 && args[brace - 1] == '~') brace--;
        return !args[..brace].Trim((byte)' ').IsEmpty;
    }
}
