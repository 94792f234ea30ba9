namespace ActorMail.Protocols.Imap.Commands;

/// <summary>LOGIN userid password (RFC 9051 §6.2.3), both astrings decoded as UTF-8.</summary>
public sealed record LoginCommand(string Tag, string User, string Password) : ImapCommand(Tag)
{
    public override string Name => "LOGIN";

    internal static LoginCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var user = r.AString();
        r.Space();
        var password = r.AString();
        r.End();
        return new LoginCommand(tag, user, password);
    }

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"{Tag} LOGIN {User} <redacted>";
}
