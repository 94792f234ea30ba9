namespace ActorMail.Protocols.Smtp;

/// <summary>Scans the header section of a message (RFC 5322 §2.2) without parsing it fully.</summary>
public static class HeaderScan
{
    /// <summary>Scans header fields up to the first empty line; CRLF and bare LF both end a line.</summary>
    public static HeaderSummary Scan(ReadOnlySpan<byte> message)
    {
        bool messageId = false, date = false;
        int received = 0;
        int pos = 0;
        while (pos < message.Length)
        {
            var rest = message[pos..];
            int lf = rest.IndexOf((byte)'\n');
            var line = lf < 0 ? rest : rest[..lf];
            int next = lf < 0 ? message.Length : pos + lf + 1;
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            if (line.IsEmpty && lf >= 0) return new HeaderSummary(messageId, date, received, next, true);
            if (!line.IsEmpty && line[0] is not (byte)' ' and not (byte)'\t')
            {
                if (IsField(line, "received"u8)) received++;
                else if (IsField(line, "message-id"u8)) messageId = true;
                else if (IsField(line, "date"u8)) date = true;
            }
            pos = next;
        }
        return new HeaderSummary(messageId, date, received, message.Length, false);
    }

    // "Name:" or "Name :" (RFC 5322 §4.5 obsolete white space before the colon), case-insensitive
    private static bool IsField(ReadOnlySpan<byte> line, ReadOnlySpan<byte> lowerName)
    {
        if (line.Length <= lowerName.Length) return false;
        for (int i = 0; i < lowerName.Length; i++)
        {
            byte b = line[i];
            if (b is >= (byte)'A' and <= (byte)'Z') b = (byte)(b | 0x20);
            if (b != lowerName[i]) return false;
        }
        int j = lowerName.Length;
        while (j < line.Length && line[j] is (byte)' ' or (byte)'\t') j++;
        return j < line.Length && line[j] == (byte)':';
    }
}
