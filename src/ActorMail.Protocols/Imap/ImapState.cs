namespace ActorMail.Protocols.Imap;

/// <summary>Connection states (RFC 9051 §3).</summary>
public enum ImapState
{
    NotAuthenticated,
    Authenticated,
    Selected,
    Logout,
}
