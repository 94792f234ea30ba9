using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The mailbox (folder) commands: LIST, LSUB, STATUS, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE.
/// </summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state and writer, <c>mailbox</c>
/// its queries of the account's mailbox entity, <c>appendLimit</c> the APPENDLIMIT STATUS reports.
/// </remarks>
internal sealed class ImapFolderCommands(ImapConversation conversation, ImapMailboxQueries mailbox, long appendLimit)
{
    private ImapWriter W => conversation.W;

    public async Task ListAsync(ListCommand c)
    {
        if (c.Patterns.Count == 1 && c.Patterns[0].Length == 0 && c.Select == ListSelectOptions.None)
        {
            // RFC 9051 §6.3.9: the hierarchy delimiter and root.
            W.Untagged().Raw("LIST (\\Noselect) \"/\" \"\"").EndLine();
            conversation.Tagged(c.Tag, ImapStatus.Ok, null, "LIST completed");
            return;
        }

        var list = await mailbox.FoldersAsync();
        var patterns = c.Patterns.Select(p => Pattern(c.Reference, p)).ToList();
        bool subscribedOnly = c.Select.HasFlag(ListSelectOptions.Subscribed);
        bool showSubscribed = subscribedOnly || c.Return.HasFlag(ListReturnOptions.Subscribed);
        bool specialOnly = c.Select.HasFlag(ListSelectOptions.SpecialUse);
        var subscribed = new HashSet<string>(list.Subscriptions, StringComparer.Ordinal);
        var byName = list.Folders.ToDictionary(f => f.Name, StringComparer.Ordinal);

        // RECURSIVEMATCH (RFC 5258 §3.1): parents of matching mailboxes are listed too, with CHILDINFO.
        var childInfo = new HashSet<string>(StringComparer.Ordinal);
        if (c.Select.HasFlag(ListSelectOptions.RecursiveMatch))
        {
            var selected = subscribedOnly ? list.Subscriptions : list.Folders.Where(f => f.SpecialUse != SpecialUse.None).Select(f => f.Name);
            foreach (var name in selected)
            {
                for (int slash = name.LastIndexOf('/'); slash > 0; slash = name.LastIndexOf('/', slash - 1))
                {
                    childInfo.Add(name[..slash]);
                }
            }
        }

        IEnumerable<string> names = subscribedOnly
            ? list.Subscriptions.Union(childInfo.Where(n => !subscribed.Contains(n)))
            : list.Folders.Select(f => f.Name);
        foreach (var name in names)
        {
            if (!patterns.Any(p => WildcardMatch(p, name))) continue;
            bool viaChild = childInfo.Contains(name);
            byName.TryGetValue(name, out var folder);
            if (specialOnly && (folder is null || folder.SpecialUse == SpecialUse.None) && !viaChild) continue;
            var attributes = new List<string>();
            if (folder is null) attributes.Add("\\NonExistent");
            else
            {
                if (folder.NoSelect) attributes.Add("\\Noselect");
                attributes.Add(folder.HasChildren ? "\\HasChildren" : "\\HasNoChildren");
                if (SpecialUseNames.ToAttribute(folder.SpecialUse) is { } use) attributes.Add(use);
            }

            if (showSubscribed && subscribed.Contains(name)) attributes.Add("\\Subscribed");
            W.Untagged().Raw("LIST (").Raw(string.Join(' ', attributes)).Raw(") \"/\" ").Mailbox(name);
            if (viaChild) W.Raw(subscribedOnly ? " (\"CHILDINFO\" (\"SUBSCRIBED\"))" : " (\"CHILDINFO\" (\"SPECIAL-USE\"))");
            W.EndLine();
            if (c.Return.HasFlag(ListReturnOptions.Status) && folder is { NoSelect: false }
                && await mailbox.AskAsync(new FolderStatusQuery(name)) is FolderStatus status)
            {
                WriteStatus(name, c.StatusItems, status);
            }
        }

        conversation.Tagged(c.Tag, ImapStatus.Ok, null, "LIST completed");
    }

    public async Task LsubAsync(LsubCommand c)
    {
        var list = await mailbox.FoldersAsync();
        var pattern = Pattern(c.Reference, c.Pattern);
        var byName = list.Folders.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var name in list.Subscriptions)
        {
            if (!WildcardMatch(pattern, name)) continue;
            bool noSelect = !byName.TryGetValue(name, out var folder) || folder.NoSelect;
            W.Untagged().Raw(noSelect ? "LSUB (\\Noselect) \"/\" " : "LSUB () \"/\" ").Mailbox(name).EndLine();
        }

        conversation.Tagged(c.Tag, ImapStatus.Ok, null, "LSUB completed");
    }

    public async Task StatusAsync(StatusCommand c)
    {
        var answer = await mailbox.AskAsync(new FolderStatusQuery(c.Mailbox));
        if (answer is not FolderStatus status)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.Nonexistent, "No such mailbox");
            return;
        }

        WriteStatus(c.Mailbox, c.Items, status);
        conversation.Tagged(c.Tag, ImapStatus.Ok, null, "STATUS completed");
    }

    private void WriteStatus(string name, StatusItems items, FolderStatus s)
    {
        var parts = new List<string>();
        void Add(StatusItems item, string label, ulong value)
        {
            if (items.HasFlag(item)) parts.Add(label + " " + value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Add(StatusItems.Messages, "MESSAGES", (ulong)s.Messages);
        Add(StatusItems.Recent, "RECENT", (ulong)s.Recent);
        Add(StatusItems.UidNext, "UIDNEXT", s.UidNext);
        Add(StatusItems.UidValidity, "UIDVALIDITY", s.UidValidity);
        Add(StatusItems.Unseen, "UNSEEN", (ulong)s.Unseen);
        Add(StatusItems.HighestModSeq, "HIGHESTMODSEQ", s.HighestModSeq);
        Add(StatusItems.Size, "SIZE", (ulong)s.Size);
        Add(StatusItems.AppendLimit, "APPENDLIMIT", (ulong)Math.Max(0, appendLimit));
        Add(StatusItems.Deleted, "DELETED", (ulong)s.Deleted);
        W.Untagged().Raw("STATUS ").Mailbox(name).Raw(" (").Raw(string.Join(' ', parts)).Raw(")").EndLine();
    }

    public async Task CreateAsync(CreateCommand c)
    {
        if (c.Mailbox == MailboxState.Inbox)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.AlreadyExists, "INBOX always exists");
            return;
        }

        if (ImapMailboxName.CheckNewName(c.Mailbox) is { } reason)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.Cannot, reason);
            return;
        }

        if (c.UnknownUses.Count > 0 || c.Uses.Count > 1)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.UseAttr, "Unsupported special-use attribute");
            return;
        }

        var use = c.Uses.Count == 1 ? c.Uses[0] : SpecialUse.None;
        var result = await mailbox.AskAsync(new CreateFolder(c.Mailbox, use));
        conversation.Complete(c.Tag, result, "CREATE completed");
    }

    public async Task DeleteAsync(DeleteCommand c)
    {
        if (c.Mailbox == MailboxState.Inbox)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.Cannot, "INBOX cannot be deleted");
            return;
        }

        conversation.Complete(c.Tag, await mailbox.AskAsync(new DeleteFolder(c.Mailbox)), "DELETE completed");
    }

    public async Task RenameAsync(RenameCommand c)
    {
        if (ImapMailboxName.CheckNewName(c.NewName) is { } reason)
        {
            conversation.Tagged(c.Tag, ImapStatus.No, ImapResponseCode.Cannot, reason);
            return;
        }

        conversation.Complete(c.Tag, await mailbox.AskAsync(new RenameFolder(c.Mailbox, c.NewName)), "RENAME completed");
    }

    public async Task SubscribeAsync(string tag, string name, bool subscribe)
    {
        if (subscribe && ImapMailboxName.CheckNewName(name) is { } reason)
        {
            conversation.Tagged(tag, ImapStatus.No, ImapResponseCode.Cannot, reason);
            return;
        }

        conversation.Complete(tag, await mailbox.AskAsync(new SetSubscription(name, subscribe)), subscribe ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed");
    }

    /// <summary>The pattern a LIST reference and mailbox pattern stand for (RFC 9051 §6.3.9), INBOX in upper case.</summary>
    private static string Pattern(string reference, string pattern)
    {
        var full = pattern.StartsWith('/') || reference.Length == 0 ? pattern
            : reference.EndsWith('/') ? reference + pattern : reference + "/" + pattern;
        if (full.Length >= 5 && full.AsSpan(0, 5).Equals("INBOX", StringComparison.OrdinalIgnoreCase)
            && (full.Length == 5 || full[5] is '/' or '*' or '%'))
        {
            full = "INBOX" + full[5..];
        }

        return full;
    }

    /// <summary>"*" matches anything, "%" anything but the hierarchy separator.</summary>
    internal static bool WildcardMatch(string pattern, string name)
    {
        // Dynamic programming over (pattern suffix, name suffix): linear memory, no backtracking blow-up.
        int n = name.Length;
        var next = new bool[n + 1];
        var current = new bool[n + 1];
        next[n] = true;
        for (int i = pattern.Length - 1; i >= 0; i--)
        {
            char c = pattern[i];
            for (int j = n; j >= 0; j--)
            {
                current[j] = c switch
                {
                    '*' => next[j] || (j < n && current[j + 1]),
                    '%' => next[j] || (j < n && name[j] != ImapMailboxName.Separator && current[j + 1]),
                    _ => j < n && name[j] == c && next[j + 1],
                };
            }

            (next, current) = (current, next);
        }

        return next[0];
    }
}
