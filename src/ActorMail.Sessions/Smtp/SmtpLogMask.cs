namespace ActorMail.Sessions.Smtp;

/// <summary>Hides credentials from the protocol log.</summary>
internal static class SmtpLogMask
{
    /// <summary>The command line as the protocol log shows it: the initial response of AUTH masked.</summary>
    public static string Mask(string line)
    {
        if (line.Length < 5 || !line.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase)) return line;
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length <= 2 ? line : parts[0] + " " + parts[1] + " ***";
    }
}
