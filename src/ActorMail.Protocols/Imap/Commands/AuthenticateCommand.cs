namespace ActorMail.Protocols.Imap.Commands;

/// <summary>
/// AUTHENTICATE mechanism [initial-response] (RFC 9051 §6.2.2, SASL-IR RFC 4959). The initial response
/// is the base64 text as sent ("=" means an empty response); null when absent.
/// </summary>
public sealed record AuthenticateCommand(string Tag, string Mechanism, string? InitialResponse) : ImapCommand(Tag)
{
    public override string Name => "AUTHENTICATE";

    internal static AuthenticateCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var mechanism = r.Keyword();
        string? initial = null;
        if (!r.AtEnd)
        {
            r.Space();
            initial = r.Atom();
        }
        r.End();
        return new AuthenticateCommand(tag, mechanism, initial);
    }

    /// <summary>Never shows the credentials.</summary>
    public override string ToString() => $"{Tag} AUTHENTICATE {Mechanism}{(InitialResponse is null ? "" : " <redacted>")}";
}
