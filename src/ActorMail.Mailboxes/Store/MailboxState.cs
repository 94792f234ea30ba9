using ActorMail.Core;

namespace ActorMail.Mailboxes.Store;

/// <summary>
/// The whole state of one account's mailbox: folders with their messages, subscriptions, and the recent
/// delivery ids. A mutable class for speed with large folders: <see cref="MailboxLogic.Apply"/> changes it
/// in place and returns the same instance. Read it freely; change it only through Apply, and never share it
/// with another thread while events are being applied (capture a <see cref="Serialization.MailboxSnapshot"/>
/// instead).
/// </summary>
public sealed class MailboxState
{
    /// <summary>Number of applied delivery ids remembered for idempotent redelivery.</summary>
    public const int DeliveryIdMemory = 10_000;

    /// <summary>The INBOX name, the only case-insensitive folder name.</summary>
    public const string Inbox = "INBOX";

    internal readonly Dictionary<string, MailboxFolder> ByName = new(StringComparer.Ordinal);
    internal readonly Dictionary<int, MailboxFolder> ById = [];
    internal readonly HashSet<string> SubscriptionSet = new(StringComparer.Ordinal);
    internal readonly Queue<string> DeliveryQueue = new();
    internal readonly HashSet<string> DeliverySet = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, int> BlobRefCounts = new(StringComparer.Ordinal);
    internal SortedSet<string>? SortedBlobHashes;
    private readonly Dictionary<string[], string[]> _keywordSets = new(KeywordSetComparer.Instance);

    /// <summary>True once the default folders exist (INBOX is always present afterwards).</summary>
    public bool IsInitialized => ByName.ContainsKey(Inbox);

    /// <summary>Id the next created folder gets.</summary>
    public int NextFolderId { get; internal set; } = 1;

    /// <summary>Highest UIDVALIDITY ever given to a folder of this mailbox.</summary>
    public uint MaxUidValidity { get; internal set; }

    /// <summary>All folders, in no particular order.</summary>
    public IEnumerable<MailboxFolder> Folders => ById.Values;

    /// <summary>Subscribed names (they need not exist).</summary>
    public IReadOnlyCollection<string> Subscriptions => SubscriptionSet;

    /// <summary>Delivery ids remembered, oldest first.</summary>
    public IReadOnlyCollection<string> RecentDeliveryIds => DeliveryQueue;

    /// <summary>The folder of this name (INBOX matched case-insensitively), or null.</summary>
    public MailboxFolder? FindFolder(string name) =>
        ByName.TryGetValue(FolderNames.Normalize(name), out var f) ? f : null;

    public MailboxFolder? FolderById(int id) => ById.TryGetValue(id, out var f) ? f : null;

    /// <summary>Whether a delivery with this id has been applied recently.</summary>
    public bool WasDelivered(string deliveryId) => DeliverySet.Contains(deliveryId);

    /// <summary>Number of messages (in any folder) that reference this blob hash.</summary>
    public int BlobReferences(string hash) => BlobRefCounts.TryGetValue(hash, out var n) ? n : 0;

    internal void AddFolder(MailboxFolder folder)
    {
        ByName[folder.Name] = folder;
        ById[folder.Id] = folder;
        if (folder.UidValidity > MaxUidValidity) MaxUidValidity = folder.UidValidity;
        if (folder.Id >= NextFolderId) NextFolderId = folder.Id + 1;
    }

    internal void RemoveFolder(MailboxFolder folder)
    {
        foreach (var m in folder.MessageList) Release(m.Blob);
        ByName.Remove(folder.Name);
        ById.Remove(folder.Id);
    }

    internal void Reference(BlobRef blob)
    {
        ref int n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(BlobRefCounts, blob.Hash, out _);
        n++;
        if (n == 1) SortedBlobHashes?.Add(blob.Hash);
    }

    internal void Release(BlobRef blob)
    {
        if (!BlobRefCounts.TryGetValue(blob.Hash, out int n)) return;
        if (n <= 1)
        {
            BlobRefCounts.Remove(blob.Hash);
            SortedBlobHashes?.Remove(blob.Hash);
        }
        else BlobRefCounts[blob.Hash] = n - 1;
    }

    internal void RememberDelivery(string deliveryId)
    {
        if (!DeliverySet.Add(deliveryId)) return;
        DeliveryQueue.Enqueue(deliveryId);
        while (DeliveryQueue.Count > DeliveryIdMemory) DeliverySet.Remove(DeliveryQueue.Dequeue());
    }

    /// <summary>One shared array per distinct keyword set.</summary>
    internal string[] Intern(string[] keywords)
    {
        if (keywords.Length == 0) return [];
        if (_keywordSets.TryGetValue(keywords, out var shared)) return shared;
        _keywordSets[keywords] = keywords;
        return keywords;
    }

    internal SortedSet<string> SortedHashes() =>
        SortedBlobHashes ??= new SortedSet<string>(BlobRefCounts.Keys, StringComparer.Ordinal);

    private sealed class KeywordSetComparer : IEqualityComparer<string[]>
    {
        public static readonly KeywordSetComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y, StringComparer.Ordinal));

        public int GetHashCode(string[] obj)
        {
            var h = new HashCode();
            foreach (var s in obj) h.Add(s, StringComparer.Ordinal);
            return h.ToHashCode();
        }
    }
}
