using ActorMail.Core;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Mailboxes.Store;

/// <summary>
/// The pure rules of a mailbox: <see cref="Decide"/> turns a command into events and a reply without
/// changing the state; <see cref="Apply"/> changes the state by one event.
/// </summary>
public static class MailboxLogic
{
    /// <summary>The folders every mailbox starts with, all subscribed.</summary>
    public static readonly IReadOnlyList<(string Name, SpecialUse Use)> DefaultFolders =
    [
        (MailboxState.Inbox, SpecialUse.None),
        ("Sent", SpecialUse.Sent),
        ("Drafts", SpecialUse.Drafts),
        ("Trash", SpecialUse.Trash),
        ("Junk", SpecialUse.Junk),
    ];

    /// <summary>
    /// Decides <paramref name="command"/> against <paramref name="state"/> (never changed here). An
    /// uninitialised mailbox gets the events creating the default folders in front of the command's own.
    /// Apply a decision's events before deciding the next command.
    /// </summary>
    public static MailboxDecision Decide(MailboxState state, MailboxCommand command, DateTimeOffset now)
    {
        if (state.IsInitialized) return DecideInitialized(state, command, now);

        var init = new List<IMailboxEvent>();
        var ids = new IdAllocator(state, now);
        foreach (var (name, use) in DefaultFolders)
            init.Add(new E.FolderCreated(ids.NextFolderId(), name, use, ids.NextUidValidity(), Subscribe: true));

        // An uninitialised mailbox has had no event applied, so a fresh state stands in for it.
        var scratch = new MailboxState();
        foreach (var e in init) Apply(scratch, e);
        var decision = DecideInitialized(scratch, command, now);
        return decision is MailboxDecision.Success s ? s with { Events = [.. init, .. s.Events] } : decision;
    }

    /// <summary>Applies one event to <paramref name="state"/> in place and returns the same instance.</summary>
    public static MailboxState Apply(MailboxState state, IMailboxEvent e)
    {
        EventApplier.Apply(state, e);
        return state;
    }

    private static MailboxDecision DecideInitialized(MailboxState state, MailboxCommand command, DateTimeOffset now) =>
        command switch
        {
            DeliverMessage c => MessageRules.Deliver(state, c),
            AppendMessage c => MessageRules.Append(state, c, now),
            StoreFlags c => FlagRules.Store(state, c),
            CopyMessages c => MessageRules.Copy(state, c.Folder, c.Uids, c.Target, move: false),
            MoveMessages c => MessageRules.Copy(state, c.Folder, c.Uids, c.Target, move: true),
            ExpungeMessages c => ExpungeRules.Expunge(state, c),
            RemoveMessages c => ExpungeRules.Remove(state, c),
            AutoExpunge => ExpungeRules.AutoExpunge(state),
            RemoveAllMessages => ExpungeRules.RemoveAll(state),
            ClaimRecent c => MessageRules.ClaimRecent(state, c),
            CreateFolder c => FolderRules.Create(state, c, now),
            DeleteFolder c => FolderRules.Delete(state, c),
            RenameFolder c => FolderRules.Rename(state, c, now),
            SetSubscription c => FolderRules.Subscribe(state, c),
            _ => throw new ArgumentException($"Unknown mailbox command {command.GetType().Name}", nameof(command)),
        };

    internal static MailboxDecision Fail(MailboxError code, string text) => new MailboxDecision.Failure(code, text);

    internal static MailboxDecision Ok(MailboxResult result, params IMailboxEvent[] events) =>
        new MailboxDecision.Success(events, result);

    /// <summary>Finds a folder that can hold messages, or the failure to return.</summary>
    internal static MailboxDecision? Selectable(MailboxState state, string name, out MailboxFolder folder)
    {
        folder = null!;
        var f = state.FindFolder(name);
        if (f is null) return Fail(MailboxError.NoSuchFolder, "No such folder");
        if (f.NoSelect) return Fail(MailboxError.NoSelect, "Folder cannot hold messages");
        folder = f;
        return null;
    }

    /// <summary>Blobs of <paramref name="removed"/> whose every reference in the mailbox is among them.</summary>
    internal static IReadOnlyList<BlobRef> Released(MailboxState state, IEnumerable<BlobRef> removed)
    {
        var counts = new Dictionary<string, (BlobRef Blob, int Count)>(StringComparer.Ordinal);
        foreach (var b in removed)
            counts[b.Hash] = counts.TryGetValue(b.Hash, out var c) ? (c.Blob, c.Count + 1) : (b, 1);
        return counts.Values
            .Where(c => state.BlobReferences(c.Blob.Hash) <= c.Count)
            .Select(c => c.Blob)
            .OrderBy(b => b.Hash, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Hands out folder ids and UIDVALIDITY values for the folders one command creates.</summary>
    internal sealed class IdAllocator(MailboxState state, DateTimeOffset now)
    {
        private int _nextId = state.NextFolderId;
        private uint _maxUidValidity = state.MaxUidValidity;

        public int NextFolderId() => _nextId++;

        /// <summary>max(unix seconds of now, highest ever given + 1): a recreated name never reuses one.</summary>
        public uint NextUidValidity()
        {
            long seconds = Math.Clamp(now.ToUnixTimeSeconds(), 1, uint.MaxValue);
            _maxUidValidity = (uint)Math.Max(seconds, (long)_maxUidValidity + 1);
            return _maxUidValidity;
        }
    }
}
