using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Smtp;

/// <summary>
/// Which command is legal in which state (RFC 5321 §4.1.4, RFC 3030 §2, RFC 3207 §4.2, RFC 4954 §4),
/// and the state a successful command leads to.
/// </summary>
public static class SmtpStateTable
{
    private static readonly SmtpReply? Allowed = null;
    private static readonly SmtpReply Seq = SmtpReplies.BadSequence;
    private static readonly SmtpReply Helo = SmtpReplies.NeedHelo;
    private static readonly SmtpReply Nested = SmtpReplies.NestedMail;
    private static readonly SmtpReply InTx = SmtpReplies.AuthNotInTransaction;

    // columns: Connected, Greeted, MailGiven, RcptGiven, ChunkGiven, TlsPending
    private static readonly Dictionary<SmtpCommandKind, SmtpReply?[]> Table = new()
    {
        [SmtpCommandKind.Ehlo] = [Allowed, Allowed, Allowed, Allowed, Seq, Seq],
        [SmtpCommandKind.Helo] = [Allowed, Allowed, Allowed, Allowed, Seq, Seq],
        [SmtpCommandKind.Mail] = [Helo, Allowed, Nested, Nested, Seq, Seq],
        [SmtpCommandKind.Rcpt] = [Helo, SmtpReplies.NeedMail, Allowed, Allowed, Seq, Seq],
        [SmtpCommandKind.Data] = [Helo, SmtpReplies.NeedMail, SmtpReplies.NeedRcpt, Allowed, Seq, Seq],
        [SmtpCommandKind.Bdat] = [Helo, SmtpReplies.NeedMail, SmtpReplies.NeedRcpt, Allowed, Allowed, Seq],
        [SmtpCommandKind.Rset] = [Allowed, Allowed, Allowed, Allowed, Allowed, Seq],
        [SmtpCommandKind.Noop] = [Allowed, Allowed, Allowed, Allowed, Allowed, Seq],
        [SmtpCommandKind.Quit] = [Allowed, Allowed, Allowed, Allowed, Allowed, Seq],
        [SmtpCommandKind.Help] = [Allowed, Allowed, Allowed, Allowed, Seq, Seq],
        [SmtpCommandKind.Vrfy] = [Allowed, Allowed, Allowed, Allowed, Seq, Seq],
        [SmtpCommandKind.Expn] = [Allowed, Allowed, Allowed, Allowed, Seq, Seq],
        [SmtpCommandKind.StartTls] = [Helo, Allowed, Seq, Seq, Seq, Seq],
        [SmtpCommandKind.Auth] = [Helo, Allowed, InTx, InTx, InTx, Seq],
    };

    /// <summary>Null when <paramref name="kind"/> may run now; otherwise the reply refusing it.</summary>
    public static SmtpReply? Check(SmtpState state, SmtpCommandKind kind, SmtpSessionFacts facts)
    {
        // extension-level refusals come before the sequence check
        switch (kind)
        {
            case SmtpCommandKind.StartTls when facts.IsTls && state != SmtpState.TlsPending:
                return SmtpReplies.AlreadyTls;
            case SmtpCommandKind.Auth when facts.IsAuthenticated && state != SmtpState.TlsPending:
                return SmtpReplies.AlreadyAuthenticated;
            case SmtpCommandKind.Bdat when !facts.ChunkingAvailable:
                return SmtpReplies.CommandNotImplemented;
        }

        if (!Table.TryGetValue(kind, out var row)) return SmtpReplies.UnknownCommand;
        var refusal = row[(int)state];
        if (refusal is not null)
        {
            bool noRecipients = kind is SmtpCommandKind.Data or SmtpCommandKind.Bdat &&
                                state == SmtpState.MailGiven && facts.RecipientsAllRejected;
            return noRecipients ? SmtpReplies.NoValidRecipients : refusal;
        }

        return kind switch
        {
            SmtpCommandKind.StartTls when !facts.TlsAvailable => SmtpReplies.TlsNotAvailable,
            SmtpCommandKind.Auth when !facts.AuthAvailable =>
                facts.AuthNeedsTls ? SmtpReplies.EncryptionRequired : SmtpReplies.CommandNotImplemented,
            SmtpCommandKind.Mail when facts.AuthRequired && !facts.IsAuthenticated => SmtpReplies.AuthRequired,
            _ => null,
        };
    }

    /// <summary>The state after <paramref name="command"/> succeeded (for DATA and BDAT: after the message or chunk was read).</summary>
    /// <remarks>After the TLS handshake the session returns to <see cref="SmtpState.Connected"/> (RFC 3207 §4.2).</remarks>
    public static SmtpState After(SmtpState state, SmtpCommand command) => command switch
    {
        EhloCommand or HeloCommand => SmtpState.Greeted,
        MailCommand => SmtpState.MailGiven,
        RcptCommand => SmtpState.RcptGiven,
        DataCommand => SmtpState.Greeted,
        BdatCommand b => b.Last ? SmtpState.Greeted : SmtpState.ChunkGiven,
        RsetCommand => state == SmtpState.Connected ? SmtpState.Connected : SmtpState.Greeted,
        StartTlsCommand => SmtpState.TlsPending,
        _ => state,
    };
}
