using ActorMail.Protocols.Smtp.Commands;
using ActorMail.Sessions.Common;

namespace ActorMail.Sessions.Smtp;

/// <summary>One mail transaction of an SMTP session: its sender, recipients and spooled body.</summary>
internal sealed class SmtpTransaction
{
    /// <summary>The accepted MAIL command; null before MAIL.</summary>
    public MailCommand? Mail { get; set; }

    /// <summary>The routes of the accepted recipients.</summary>
    public List<RecipientRoute> Recipients { get; } = new();

    /// <summary>True once a RCPT was given, accepted or not.</summary>
    public bool RcptTried { get; set; }

    /// <summary>The spool the message is received into.</summary>
    public MessageSpool? Body { get; set; }

    /// <summary>A store that reads the spool while the session awaits it; the spool is disposed only after it.</summary>
    public Task? Storing { get; set; }

    /// <summary>Ends the transaction: sender, recipients and body go.</summary>
    public void Reset()
    {
        Mail = null;
        Recipients.Clear();
        RcptTried = false;
        DropBody();
    }

    /// <summary>Disposes the spool of the transaction (its file goes with it), once no store reads it.</summary>
    public void DropBody()
    {
        var body = Body;
        Body = null;
        if (body is null) return;
        var storing = Storing;
        Storing = null;
        if (storing is null || storing.IsCompleted) body.Dispose();
        else _ = storing.ContinueWith(_ => body.Dispose(), TaskScheduler.Default);
    }
}
