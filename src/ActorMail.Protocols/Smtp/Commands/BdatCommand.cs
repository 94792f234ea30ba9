namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>BDAT chunk-size [LAST] (RFC 3030 §2).</summary>
public sealed record BdatCommand(long Size, bool Last) : SmtpCommand
{
    public override SmtpCommandKind Kind => SmtpCommandKind.Bdat;

    internal static ParseResult Parse(string args)
    {
        var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2) return SmtpReplies.InvalidArguments;
        var digits = parts[0];
        if (digits.Length > 18 || !digits.All(char.IsAsciiDigit)) return SmtpReplies.InvalidArguments;
        long size = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        bool last = false;
        if (parts.Length == 2)
        {
            if (!parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)) return SmtpReplies.InvalidArguments;
            last = true;
        }
        return new BdatCommand(size, last);
    }
}
