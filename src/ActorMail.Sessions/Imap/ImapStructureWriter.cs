using ActorMail.Protocols.Imap;
using ActorMail.Storage.Summaries;

namespace ActorMail.Sessions.Imap;

/// <summary>Writes ENVELOPE, BODY and BODYSTRUCTURE (RFC 9051 §7.5.2) from a <see cref="MessageSummary"/>.</summary>
internal static class ImapStructureWriter
{
    public static void Envelope(ImapWriter w, MessageEnvelope e)
    {
        w.OpenList();
        w.String(e.Date).Space().String(e.Subject).Space();
        Addresses(w, e.From);
        w.Space();
        Addresses(w, e.Sender.Count > 0 ? e.Sender : e.From);
        w.Space();
        Addresses(w, e.ReplyTo.Count > 0 ? e.ReplyTo : e.From);
        w.Space();
        Addresses(w, e.To);
        w.Space();
        Addresses(w, e.Cc);
        w.Space();
        Addresses(w, e.Bcc);
        w.Space().String(e.InReplyTo).Space().String(e.MessageId);
        w.CloseList();
    }

    private static void Addresses(ImapWriter w, IReadOnlyList<SummaryAddress> list)
    {
        if (list.Count == 0)
        {
            w.Nil();
            return;
        }

        w.OpenList();
        foreach (var a in list)
        {
            w.OpenList().String(a.Name).Space().String(a.Route).Space().String(a.Mailbox).Space().String(a.Host).CloseList();
        }

        w.CloseList();
    }

    /// <summary>BODYSTRUCTURE (<paramref name="extensible"/>) or BODY.</summary>
    public static void Structure(ImapWriter w, BodyPartSummary part, bool extensible)
    {
        w.OpenList();
        if (part.IsMultipart)
        {
            if (part.Children.Count == 0)
            {
                // An empty multipart is shown as an empty text part so that clients can still parse it.
                w.Raw("\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0");
                w.CloseList();
                return;
            }

            foreach (var child in part.Children) Structure(w, child, extensible);
            w.Space().String(part.MediaSubtype.ToUpperInvariant());
            if (extensible)
            {
                w.Space();
                Parameters(w, part.Parameters);
                w.Space();
                Extensions(w, part);
            }

            w.CloseList();
            return;
        }

        w.String(part.MediaType.ToUpperInvariant()).Space().String(part.MediaSubtype.ToUpperInvariant()).Space();
        Parameters(w, part.Parameters);
        w.Space().String(part.ContentId).Space().String(part.ContentDescription).Space()
            .String((part.ContentTransferEncoding ?? "7BIT").ToUpperInvariant()).Space().Number((ulong)Math.Max(0, part.Size));
        bool isMessage = part.Message is not null && part.MediaType.Equals("message", StringComparison.OrdinalIgnoreCase);
        if (isMessage)
        {
            w.Space();
            Envelope(w, part.Envelope ?? MessageEnvelope.Empty);
            w.Space();
            Structure(w, part.Message!, extensible);
            w.Space().Number((ulong)Math.Max(0, part.Lines ?? 0));
        }
        else if (part.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            w.Space().Number((ulong)Math.Max(0, part.Lines ?? 0));
        }

        if (extensible)
        {
            w.Space().String(part.ContentMd5).Space();
            Extensions(w, part);
        }

        w.CloseList();
    }

    /// <summary>body-fld-dsp SP body-fld-lang SP body-fld-loc.</summary>
    private static void Extensions(ImapWriter w, BodyPartSummary part)
    {
        if (part.Disposition is null) w.Nil();
        else
        {
            w.OpenList().String(part.Disposition.ToUpperInvariant()).Space();
            Parameters(w, part.DispositionParameters);
            w.CloseList();
        }

        w.Space();
        if (part.Languages.Count == 0) w.Nil();
        else
        {
            w.OpenList();
            for (int i = 0; i < part.Languages.Count; i++)
            {
                if (i > 0) w.Space();
                w.String(part.Languages[i]);
            }

            w.CloseList();
        }

        w.Space().String(part.Location);
    }

    private static void Parameters(ImapWriter w, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0)
        {
            w.Nil();
            return;
        }

        w.OpenList();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0) w.Space();
            w.String(parameters[i].Key.ToUpperInvariant()).Space().String(parameters[i].Value);
        }

        w.CloseList();
    }
}
