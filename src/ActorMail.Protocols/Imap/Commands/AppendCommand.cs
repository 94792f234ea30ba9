namespace ActorMail.Protocols.Imap.Commands;

/// <summary>One message of an APPEND: flags, optional internal date, and its literal (streamed to the session's sink).</summary>
public sealed record AppendMessage(ImapFlagList Flags, DateTimeOffset? InternalDate, ImapLiteral Literal);

/// <summary>
/// APPEND mailbox [flags] [date-time] literal, repeated for MULTIAPPEND (RFC 9051 §6.3.12, RFC 3502);
/// literal8 (<c>~{n}</c>, RFC 3516) marks binary content.
/// </summary>
public sealed record AppendCommand(string Tag, string Mailbox, IReadOnlyList<AppendMessage> Messages) : ImapCommand(Tag)
{
    public override string Name => "APPEND";

    internal static AppendCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var mailbox = r.Mailbox();
        var messages = new List<AppendMessage>();
        do
        {
            r.Space();
            var flags = ImapFlagList.Empty;
            DateTimeOffset? date = null;
            if (r.Peek() == '(')
            {
                flags = ImapFlagList.ParseList(r);
                r.Space();
            }
            if (r.Peek() == '"')
            {
                date = r.DateTime();
                r.Space();
            }
            if (r.Peek() is not ('{' or '~')) throw ImapReader.Error(r.Peek() < 0 ? ImapErrors.MissingArgument : ImapErrors.InvalidLiteral);
            messages.Add(new AppendMessage(flags, date, r.Literal()));
        }
        while (!r.AtEnd);
        return new AppendCommand(tag, mailbox, messages);
    }
}
