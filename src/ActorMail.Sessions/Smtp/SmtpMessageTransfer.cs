using ActorMail.Configuration;
using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;
using ActorMail.Sessions.Common;

namespace ActorMail.Sessions.Smtp;

/// <summary>
/// DATA and BDAT: receives the message into the transaction's <see cref="MessageSpool"/>, checks what the
/// receiver reported (size, line limits, spool failures) and answers once the message is accepted or refused.
/// </summary>
internal sealed class SmtpMessageTransfer(
    ISmtpConversation conversation, SmtpSessionState session, SmtpSettings smtp, SmtpReceiver rx, SmtpMessageAcceptance acceptance)
{
    private SmtpReply? _bdatRefusal;

    private long MaxSize => smtp.MaxMessageSize > 0 ? smtp.MaxMessageSize : long.MaxValue;

    private string ReversePath => session.Transaction.Mail?.ReversePath?.ToString() ?? "<>";

    private MessageSpool NewSpool() => new(SmtpSession.SpoolDirectory(conversation.Services.Settings));

    /// <summary>DATA: a new spool for the message, then 354.</summary>
    public void BeginData()
    {
        var transaction = session.Transaction;
        transaction.DropBody();
        transaction.Body = NewSpool();
        rx.BeginData(MaxSize, transaction.Body);
        conversation.Reply(SmtpReplies.DataStart);
    }

    /// <summary>BDAT: the chunk is read into the spool, within what is left of the size limit.</summary>
    public void BeginBdat(BdatCommand b)
    {
        var transaction = session.Transaction;
        transaction.Body ??= NewSpool();
        long allowance = MaxSize - transaction.Body.Length;
        rx.BeginBdat(b.Size, b.Last, allowance, transaction.Body);
    }

    /// <summary>A BDAT the state table refused: the chunk follows whatever we answer, so it is read and discarded, then refused.</summary>
    public void DiscardBdat(BdatCommand refused, SmtpReply refusal)
    {
        _bdatRefusal = refusal;
        rx.BeginBdat(refused.Size, refused.Last, 0, NullSink.Instance);
    }

    /// <summary>The final dot of DATA: refuses what the receiver flagged, else delivers.</summary>
    public async Task FinishDataAsync(SmtpFrame.DataComplete d)
    {
        var body = session.Transaction.Body!;
        LogData(body);
        SmtpReply reply;
        if (d.TooBig) reply = SmtpReplies.MessageTooBig;
        else if (d.LineLimitExceeded) reply = SmtpReplies.DataLineTooLong;
        else if (d.HasBareLineEndings) reply = SmtpReplies.BareLineEnding;
        else if (SpoolFailed(body)) reply = SmtpReplies.StorageFull;
        else reply = await acceptance.DeliverAsync(body);
        if (!reply.IsPositive) conversation.Refuse("DATA", ReversePath, reply);
        else conversation.Reply(reply);
        session.Transaction.Reset();
        session.State = SmtpState.Greeted;
    }

    /// <summary>The end of a BDAT chunk: acknowledges it, or on LAST delivers the message.</summary>
    public async Task FinishBdatAsync(SmtpFrame.BdatComplete b)
    {
        if (_bdatRefusal is { } refusal)
        {
            _bdatRefusal = null;
            await conversation.BadAsync(refusal);
            return;
        }
        var transaction = session.Transaction;
        if (b.TooBig)
        {
            conversation.Refuse("BDAT", ReversePath, SmtpReplies.MessageTooBig);
            transaction.Reset();
            session.State = SmtpState.Greeted;
            return;
        }
        if (transaction.Body is { } spool && SpoolFailed(spool))
        {
            // RFC 3030 §2: after a failed chunk the client sends no more chunks of this message
            conversation.Refuse("BDAT", ReversePath, SmtpReplies.StorageFull);
            transaction.Reset();
            session.State = SmtpState.Greeted;
            return;
        }
        if (!b.Last)
        {
            session.State = SmtpState.ChunkGiven;
            conversation.Reply(SmtpReplies.ChunkAccepted(b.ChunkSize));
            return;
        }
        var body = transaction.Body!;
        LogData(body);
        var reply = await acceptance.DeliverAsync(body);
        if (!reply.IsPositive) conversation.Refuse("BDAT", ReversePath, reply);
        else conversation.Reply(reply);
        transaction.Reset();
        session.State = SmtpState.Greeted;
    }

    private bool SpoolFailed(MessageSpool body)
    {
        body.Flush();
        if (body.Failure is not { } failure) return false;
        conversation.Log.Error(failure, "Spooling a message of {Size} bytes failed", body.Length);
        return true;
    }

    /// <summary>The message data in the full protocol log, read back from the spool in pieces.</summary>
    private void LogData(MessageSpool body)
    {
        var protocolLog = conversation.ProtocolLog;
        if (!protocolLog.Full) return;
        body.Flush();
        if (body.Failure is not null) return;
        if (body.IsInMemory)
        {
            protocolLog.Data("C", body.Memory.Span);
            return;
        }
        using var reading = body.OpenRead();
        var block = new byte[64 * 1024];
        int filled = 0;
        while (true)
        {
            int n = reading.Read(block, filled, block.Length - filled);
            filled += n;
            bool end = n == 0;
            if (!end && filled < block.Length) continue;
            if (filled == 0) break;
            // cut after the last line end so that no character is split (unless the block holds none)
            int cut = end ? filled : block.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (cut == 0) cut = filled;
            protocolLog.Data("C", block.AsSpan(0, cut));
            block.AsSpan(cut, filled - cut).CopyTo(block);
            filled -= cut;
            if (end) break;
        }
    }
}
