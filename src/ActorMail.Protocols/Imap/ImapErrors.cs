namespace ActorMail.Protocols.Imap;

/// <summary>Texts of the BAD responses for malformed input; generic, revealing no configuration.</summary>
public static class ImapErrors
{
    public const string LineTooLong = "Line too long";
    public const string CommandTooLong = "Command too long";
    public const string LiteralTooLarge = "Literal too large";
    public const string EmptyCommand = "Empty command";
    public const string InvalidTag = "Invalid tag";
    public const string UnknownCommand = "Unknown command";
    public const string MissingArgument = "Missing argument";
    public const string ExtraArguments = "Unexpected extra arguments";
    public const string ExpectedSpace = "Expected a space";
    public const string UnbalancedParentheses = "Unbalanced parentheses";
    public const string NestingTooDeep = "Nesting too deep";
    public const string InvalidSequenceSet = "Invalid sequence set";
    public const string InvalidDate = "Invalid date";
    public const string InvalidNumber = "Invalid number";
    public const string InvalidString = "Invalid string";
    public const string InvalidLiteral = "Invalid literal";
    public const string InvalidMailboxName = "Invalid mailbox name";
    public const string InvalidFlag = "Invalid flag";
    public const string InvalidSearchKey = "Invalid search key";
    public const string InvalidFetchAttribute = "Invalid fetch attribute";
    public const string InvalidStoreAttribute = "Invalid store attribute";
    public const string InvalidSection = "Invalid section";
    public const string InvalidStatusItem = "Invalid status item";
    public const string InvalidOption = "Invalid option";
    public const string InvalidUtf8 = "Invalid UTF-8";
    public const string NotAuthenticated = "Authenticate first";
    public const string AlreadyAuthenticated = "Already authenticated";
    public const string NoMailboxSelected = "No mailbox selected";
    public const string LoggingOut = "Logging out";
}
