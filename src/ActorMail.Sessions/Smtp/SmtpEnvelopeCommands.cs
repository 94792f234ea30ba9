using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Protocols.Smtp;
using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Sessions.Smtp;

/// <summary>MAIL and RCPT: checks the sender and each recipient against the policies and records them in the transaction.</summary>
internal sealed class SmtpEnvelopeCommands(ISmtpConversation conversation, SmtpSessionState session, SmtpSettings smtp, SmtpListenerKind kind)
{
    private MailAddress Postmaster => conversation.Services.Settings.Postmaster;

    /// <summary>MAIL FROM: starts a transaction when the sender passes the policies.</summary>
    public void Mail(MailCommand m)
    {
        var refusal = SmtpPolicy.CheckSender(conversation.Services.Directory.Current, smtp, Postmaster, kind, m.ReversePath, m.Size, session.AuthUser);
        if (refusal is not null)
        {
            conversation.Refuse("MAIL", m.ReversePath?.ToString() ?? "<>", refusal);
            return;
        }
        session.Transaction.Reset();
        session.Transaction.Mail = m;
        session.State = SmtpState.MailGiven;
        conversation.Reply(SmtpReplies.SenderOk);
    }

    /// <summary>RCPT TO: adds the recipient's route when it passes the policies.</summary>
    public void Rcpt(RcptCommand r)
    {
        var transaction = session.Transaction;
        transaction.RcptTried = true;
        if (transaction.Recipients.Count >= smtp.MaxRecipients)
        {
            conversation.Reply(SmtpReplies.TooManyRecipients);
            return;
        }
        var services = conversation.Services;
        var directory = services.Directory.Current;
        var address = r.Address ?? MailAddress.Parse("postmaster@" + (directory.PrimaryDomain ?? services.Settings.Domains.Primary));
        var (refusal, route) = SmtpPolicy.CheckRecipient(directory, smtp, Postmaster,
            new EnvelopeRecipient(address, r.Notify, r.ORcpt), session.AuthUser is not null);
        if (refusal is not null || route is null)
        {
            conversation.Refuse("RCPT", address.ToString(), refusal ?? SmtpReplies.TemporaryFailure);
            return;
        }
        transaction.Recipients.Add(route);
        session.State = SmtpState.RcptGiven;
        conversation.Reply(SmtpReplies.RecipientOk);
    }
}
