using ActorMail.Core;

namespace ActorMail.Protocols.Imap.Commands;

/// <summary>
/// CREATE mailbox [(USE (attr ...))] (RFC 9051 §6.3.4, CREATE-SPECIAL-USE RFC 6154 §3). A trailing
/// hierarchy separator is removed. Use attributes ActorMail does not know are kept in
/// <see cref="UnknownUses"/> so that the session can answer <c>NO [USEATTR]</c>.
/// </summary>
public sealed record CreateCommand(string Tag, string Mailbox, IReadOnlyList<SpecialUse> Uses, IReadOnlyList<string> UnknownUses) : ImapCommand(Tag)
{
    public override string Name => "CREATE";

    internal static CreateCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var mailbox = r.Mailbox();
        if (mailbox.Length > 1 && mailbox[^1] == ImapMailboxName.Separator) mailbox = mailbox[..^1];
        var uses = new List<SpecialUse>();
        var unknown = new List<string>();
        if (!r.AtEnd)
        {
            r.Space();
            r.Open();
            while (true)
            {
                if (r.Keyword() != "USE") throw ImapReader.Error(ImapErrors.InvalidOption);
                r.Space();
                r.Open();
                while (true)
                {
                    r.Expect('\\');
                    var attr = r.Atom();
                    var use = SpecialUseNames.Parse(attr);
                    if (use == SpecialUse.None) unknown.Add("\\" + attr);
                    else if (!uses.Contains(use)) uses.Add(use);
                    if (!r.TryConsume(' ')) break;
                }
                r.Close();
                if (!r.TryConsume(' ')) break;
            }
            r.Close();
        }
        r.End();
        return new CreateCommand(tag, mailbox, uses, unknown);
    }
}
