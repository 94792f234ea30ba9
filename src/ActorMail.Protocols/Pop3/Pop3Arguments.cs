namespace ActorMail.Protocols.Pop3;

/// <summary>The arguments of one command line, as the command grammars see them.</summary>
/// <param name="Keyword">The keyword in upper case.</param>
/// <param name="Rest">Everything after the first space, unchanged (a PASS password may contain spaces).</param>
/// <param name="Words">The arguments, split at spaces.</param>
internal readonly record struct Pop3Arguments(string Keyword, string Rest, string[] Words)
{
    /// <summary>Longest decimal number accepted (int.MaxValue has 10 digits; leading zeros allowed up to this).</summary>
    private const int MaxDigits = 10;

    /// <summary>Parses a message number: unsigned decimal, 1 to <see cref="int.MaxValue"/>.</summary>
    public static bool TryParseMessageNumber(string text, out int number) =>
        TryParseNonNegative(text, out number) && number >= 1;

    /// <summary>Parses a count: unsigned decimal, 0 to <see cref="int.MaxValue"/>.</summary>
    public static bool TryParseNonNegative(string text, out int value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > MaxDigits)
        {
            return false;
        }

        long acc = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            acc = (acc * 10) + (c - '0');
        }

        if (acc > int.MaxValue)
        {
            return false;
        }

        value = (int)acc;
        return true;
    }

    /// <summary>The reply for a command that takes no argument but got some.</summary>
    public Pop3ParseResult NoArgumentsExpected() =>
        Pop3ParseResult.Failure(Pop3Replies.Syntax($"{Keyword} takes no arguments"));
}
