namespace ActorMail.Sessions.Pop3;

/// <summary>Hides credentials from the protocol log.</summary>
internal static class Pop3LogMask
{
    /// <summary>The command line as the protocol log shows it: passwords and SASL responses masked.</summary>
    public static string Mask(string line)
    {
        if (line.StartsWith("PASS", StringComparison.OrdinalIgnoreCase) && (line.Length == 4 || line[4] == ' '))
        {
            return "PASS ***";
        }

        if (line.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Length > 2 ? $"AUTH {words[1]} ***" : line;
        }

        return line;
    }
}
