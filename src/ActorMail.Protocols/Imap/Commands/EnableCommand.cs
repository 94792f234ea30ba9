namespace ActorMail.Protocols.Imap.Commands;

/// <summary>ENABLE capability... (RFC 5161); names upper-cased. The session enables those it knows.</summary>
public sealed record EnableCommand(string Tag, IReadOnlyList<string> Capabilities) : ImapCommand(Tag)
{
    /// <summary>Extensions ActorMail can enable.</summary>
    public static readonly IReadOnlyList<string> Known = ["CONDSTORE", "QRESYNC", "UTF8=ACCEPT"];

    public override string Name => "ENABLE";

    internal static EnableCommand Parse(string tag, ImapReader r)
    {
        var caps = new List<string>();
        do
        {
            r.Space();
            caps.Add(r.Keyword());
        }
        while (!r.AtEnd);
        return new EnableCommand(tag, caps);
    }
}
