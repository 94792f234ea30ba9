using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;
using ActorMail.Sessions.Common;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// What the commands of one IMAP connection share: its state, the selected folder, the enabled extensions,
/// the saved search result, and the tagged completion that carries the updates due before it.
/// </summary>
/// <remarks>
/// Plain state owned by <see cref="ImapSession"/> and used only on its thread; it writes into the session's
/// output buffer and never sends.
/// </remarks>
internal sealed class ImapConversation(ImapWriter writer, ProtocolLogger protocolLog)
{
    /// <summary>The session's response writer (into its output buffer).</summary>
    public ImapWriter W { get; } = writer;

    public ImapState State { get; set; } = ImapState.NotAuthenticated;

    /// <summary>The selected folder as this session sees it, or null.</summary>
    public SelectedMailbox? Selected { get; set; }

    /// <summary>The command being run (its RFC 9051 §5.5 flags decide whether EXPUNGE may be announced).</summary>
    public ImapCommandInfo? Running { get; set; }

    /// <summary>CONDSTORE is on (enabled, or implied by a command that uses it; RFC 7162 §3.1).</summary>
    public bool CondStore { get; set; }

    /// <summary>QRESYNC is enabled (RFC 7162 §3.2.3).</summary>
    public bool Qresync { get; set; }

    /// <summary>The result of SEARCH RETURN (SAVE), named by "$" (RFC 5182).</summary>
    public UidSet Saved { get; set; } = UidSet.Empty;

    public bool IsAuthenticated => State is ImapState.Authenticated or ImapState.Selected;

    /// <summary>Refuses a command that would change a folder selected with EXAMINE; true when it was refused.</summary>
    public bool RefusedAsReadOnly(string tag)
    {
        if (Selected is not { ReadOnly: true }) return false;
        Tagged(tag, ImapStatus.No, ImapResponseCode.ReadOnly, "Mailbox is read-only");
        return true;
    }

    /// <summary>The tagged completion, preceded (in the selected state) by the updates this command may carry.</summary>
    public void Tagged(string tag, ImapStatus status, string? code, string text)
    {
        if (Selected is { } sel && State == ImapState.Selected)
        {
            sel.Flush(W, Running?.AllowsExpungeResponses ?? true, Qresync, CondStore);
        }

        W.Status(tag, status, code, text);
        if (protocolLog.Full) protocolLog.Server($"{tag} {status} {(code is null ? "" : "[" + code + "] ")}{text}");
    }

    /// <summary>OK for a mailbox result, NO with a response code for a refusal.</summary>
    public void Complete(string tag, object result, string text, bool tryCreate = false)
    {
        if (result is MailboxDecision.Failure f)
        {
            Tagged(tag, ImapStatus.No, FailureCode(f.Code, tryCreate), f.Text);
            return;
        }

        Tagged(tag, ImapStatus.Ok, null, text);
    }

    private static string FailureCode(MailboxError code, bool tryCreate) => code switch
    {
        MailboxError.NoSuchFolder => tryCreate ? ImapResponseCode.TryCreate : ImapResponseCode.Nonexistent,
        MailboxError.AlreadyExists => ImapResponseCode.AlreadyExists,
        MailboxError.SpecialUseInUse => ImapResponseCode.UseAttr,
        MailboxError.TooManyKeywords => ImapResponseCode.Limit,
        _ => ImapResponseCode.Cannot,
    };

    public void Deselect()
    {
        Selected = null;
        Saved = UidSet.Empty;
        State = ImapState.Authenticated;
    }

    /// <summary>ENABLE (RFC 5161): turns on CONDSTORE and QRESYNC and answers with what was newly enabled.</summary>
    public void Enable(EnableCommand c)
    {
        var enabled = new List<string>();
        foreach (var cap in c.Capabilities)
        {
            if (cap == "CONDSTORE" && !CondStore)
            {
                CondStore = true;
                enabled.Add(cap);
            }
            else if (cap == "QRESYNC" && !Qresync)
            {
                Qresync = true;
                CondStore = true;
                enabled.Add(cap);
            }
        }

        W.Untagged().Raw("ENABLED");
        foreach (var e in enabled) W.Space().Raw(e);
        W.EndLine();
    }

    /// <summary>
    /// The UIDs (ascending) a sequence set names in the selected folder, or null after answering BAD
    /// (a message number beyond the mailbox).
    /// </summary>
    public uint[]? Resolve(string tag, ImapSequenceSet set, bool uid)
    {
        var sel = Selected!;
        if (set.IsSaved) return Saved.Intersect(sel.Uids);
        if (uid) return set.Resolve(sel.MaxUid).Intersect(sel.Uids);
        if (sel.Count == 0 && set.Text.Contains('*'))
        {
            return [];
        }

        var msns = set.Resolve((uint)sel.Count);
        if (msns.Max > sel.Count)
        {
            Tagged(tag, ImapStatus.Bad, null, "Invalid message sequence number");
            return null;
        }

        var result = new uint[msns.Count];
        int i = 0;
        foreach (var r in msns.Ranges)
        {
            for (long n = r.Start; n <= r.End; n++) result[i++] = sel.Uids[(int)n - 1];
        }

        return result;
    }

    /// <summary>Announces messages this session expunged itself: VANISHED under QRESYNC, else EXPUNGE per message.</summary>
    public void AnnounceOwnExpunge(SelectedMailbox sel, IReadOnlyList<uint> uids, ulong modSeq)
    {
        sel.RaiseModSeq(modSeq);
        var msns = sel.RemoveOwn(uids);
        if (Qresync)
        {
            W.Vanished(UidSet.FromUids(uids), earlier: false);
            return;
        }

        foreach (var msn in msns) W.Untagged().Number((ulong)msn).Raw(" EXPUNGE").EndLine();
    }
}
