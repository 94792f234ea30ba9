namespace ActorMail.Protocols.Pop3;

/// <summary>One message of a <see cref="MaildropView"/>, with its session-long message number.</summary>
public readonly record struct MaildropMessage(int Number, uint Uid, long Size);
