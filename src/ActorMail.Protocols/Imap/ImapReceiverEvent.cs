namespace ActorMail.Protocols.Imap;

/// <summary>What <see cref="ImapReceiver.TryRead"/> produces.</summary>
public abstract record ImapReceiverEvent
{
    private ImapReceiverEvent()
    {
    }

    /// <summary>A complete command (line plus literals), ready for <see cref="ImapParser"/>.</summary>
    public sealed record Command(ImapFrame Frame) : ImapReceiverEvent;

    /// <summary>
    /// A synchronising literal <c>{n}</c> was announced. The session answers <c>+ Ready</c> and calls
    /// <see cref="ImapReceiver.AcceptLiteral"/>, or answers <c>NO [TOOBIG]</c> / <c>BAD</c> and calls
    /// <see cref="ImapReceiver.RejectLiteral"/>. <paramref name="WithinLimit"/> says whether the size is acceptable.
    /// </summary>
    public sealed record NeedContinuation(string? Tag, long Size, bool IsAppend, bool IsBinary, bool WithinLimit) : ImapReceiverEvent;

    /// <summary>
    /// A non-synchronising APPEND literal <c>{n+}</c> within the limit is arriving: the session calls
    /// <see cref="ImapReceiver.AcceptLiteral"/> with a sink (no continuation is written).
    /// </summary>
    public sealed record NeedSink(string? Tag, long Size, bool IsBinary) : ImapReceiverEvent;

    /// <summary>The line expected during IDLE; <paramref name="IsDone"/> when it is <c>DONE</c>.</summary>
    public sealed record IdleLine(bool IsDone) : ImapReceiverEvent;

    /// <summary>A client response during AUTHENTICATE (base64 text, or <c>*</c> to cancel).</summary>
    public sealed record AuthenticateLine(byte[] Line) : ImapReceiverEvent
    {
        /// <summary>The client cancelled the exchange (RFC 9051 §6.2.2).</summary>
        public bool IsCancel => Line.Length == 1 && Line[0] == '*';
    }

    /// <summary>
    /// Input refused by framing. The session answers <c>{Tag ?? "*"} BAD {Text}</c>; when
    /// <paramref name="IsFatal"/> it then closes the connection (the receiver ignores further input).
    /// </summary>
    public sealed record Rejected(string? Tag, ImapInputError Error, bool IsFatal) : ImapReceiverEvent
    {
        /// <summary>Response text for the BAD.</summary>
        public string Text => Error switch
        {
            ImapInputError.LineTooLong => ImapErrors.LineTooLong,
            ImapInputError.CommandTooLong => ImapErrors.CommandTooLong,
            _ => ImapErrors.LiteralTooLarge,
        };
    }
}
