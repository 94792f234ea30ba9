namespace ActorMail.Protocols.Pop3;

/// <summary>One INBOX message as the maildrop snapshot is built from it.</summary>
/// <param name="Uid">The message's IMAP UID.</param>
/// <param name="Size">Its size in octets as sent by RETR before dot-stuffing (RFC 1939 §5: the exact size).</param>
public readonly record struct MaildropEntry(uint Uid, long Size);
