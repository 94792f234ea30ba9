namespace ActorMail.Protocols.Imap;

/// <summary>Completion result of a status response (RFC 9051 §7.1).</summary>
public enum ImapStatus
{
    Ok,
    No,
    Bad,
    PreAuth,
    Bye,
}
