using System.Runtime.InteropServices;
using ActorMail.Core;

namespace ActorMail.Mailboxes.Store.Serialization;

/// <summary>
/// Binary form of a whole <see cref="MailboxState"/>. Blobs are written once in a table; each folder writes
/// its keywords as a string table and its messages as columns (UID gaps, blob index, size, flags, keyword-set
/// index, date, offset, modseq), which keeps a 100,000-message folder small and quick to read.
/// </summary>
internal static class SnapshotCodec
{
    private const byte Version = 1;

    public static byte[] Write(MailboxState state)
    {
        var folders = state.Folders.OrderBy(f => f.Id).ToArray();
        var w = new ByteWriter(64 + folders.Sum(f => f.MessageList.Count) * 24 + state.BlobRefCounts.Count * 40);
        w.Byte(Version);
        w.VarI32(state.NextFolderId);
        w.VarU64(state.MaxUidValidity);
        var subscriptions = state.SubscriptionSet.ToArray();
        Array.Sort(subscriptions, StringComparer.Ordinal);
        w.Strings(subscriptions);
        w.Strings(state.DeliveryQueue);

        var blobIndex = new Dictionary<string, int>(state.BlobRefCounts.Count, StringComparer.Ordinal);
        var blobs = new List<BlobRef>(state.BlobRefCounts.Count);
        var blobIds = new int[folders.Length][];
        for (int i = 0; i < folders.Length; i++)
        {
            var messages = folders[i].MessageList;
            var ids = blobIds[i] = new int[messages.Count];
            for (int j = 0; j < ids.Length; j++)
            {
                var blob = messages[j].Blob;
                ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(blobIndex, blob.Hash, out bool exists);
                if (!exists)
                {
                    index = blobs.Count;
                    blobs.Add(blob);
                }
                ids[j] = index;
            }
        }
        w.VarI32(blobs.Count);
        foreach (var b in blobs) w.Blob(b);

        w.VarI32(folders.Length);
        for (int i = 0; i < folders.Length; i++) WriteFolder(w, folders[i], blobIds[i]);
        return w.ToArray();
    }

    public static MailboxState Read(byte[] data)
    {
        var r = new ByteReader(data);
        byte version = r.Byte();
        if (version != Version) throw new InvalidDataException($"Unknown mailbox snapshot version {version}");
        var state = new MailboxState();
        int nextFolderId = r.VarI32();
        uint maxUidValidity = r.VarU32();
        foreach (var s in r.Strings()) state.SubscriptionSet.Add(s);
        foreach (var id in r.Strings()) state.RememberDelivery(id);

        var blobs = new BlobRef[r.VarI32()];
        for (int i = 0; i < blobs.Length; i++) blobs[i] = r.Blob();
        state.BlobRefCounts.EnsureCapacity(blobs.Length);

        int folderCount = r.VarI32();
        for (int i = 0; i < folderCount; i++) ReadFolder(r, state, blobs);
        if (!r.AtEnd) throw new InvalidDataException("Trailing bytes after mailbox snapshot");
        state.NextFolderId = nextFolderId;
        state.MaxUidValidity = maxUidValidity;
        return state;
    }

    private static void WriteFolder(ByteWriter w, MailboxFolder f, int[] blobIds)
    {
        w.VarI32(f.Id);
        w.String(f.Name);
        w.Byte((byte)f.Use);
        w.Bool(f.NoSelect);
        w.VarU64(f.UidValidity);
        w.VarU64(f.UidNext);
        w.VarU64(f.HighestModSeq);
        w.VarU64(f.RecentFrom);

        w.Strings(f.KeywordOrder);
        var wordIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < f.KeywordOrder.Count; i++) wordIndex[f.KeywordOrder[i]] = i;
        var setIndex = new Dictionary<string[], int>(ReferenceEqualityComparer.Instance);
        var sets = new List<string[]>();
        foreach (var m in f.MessageList)
        {
            if (m.Keywords.Length > 0 && setIndex.TryAdd(m.Keywords, sets.Count + 1)) sets.Add(m.Keywords);
        }
        w.VarI32(sets.Count);
        foreach (var set in sets)
        {
            w.VarI32(set.Length);
            foreach (var k in set) w.VarI32(wordIndex[k]);
        }

        w.VarI32(f.CompactionMark);
        w.VarI32(f.ExpungedRuns.Count);
        uint previous = 0;
        foreach (var run in f.ExpungedRuns)
        {
            w.VarU64(run.Start - previous);
            w.VarU64(run.End - run.Start);
            w.VarU64(run.ModSeq);
            previous = run.End;
        }

        var messages = CollectionsMarshal.AsSpan(f.MessageList);
        w.VarI32(messages.Length);
        uint lastUid = 0;
        foreach (ref readonly var m in messages) { w.VarU64(m.Uid - lastUid); lastUid = m.Uid; }
        foreach (int id in blobIds) w.VarI32(id);
        foreach (ref readonly var m in messages) w.VarI64(m.Size);
        foreach (ref readonly var m in messages) w.Byte((byte)m.Flags);
        foreach (ref readonly var m in messages) w.VarI32(m.Keywords.Length == 0 ? 0 : setIndex[m.Keywords]);
        foreach (ref readonly var m in messages) w.I64(m.InternalDate.UtcTicks);
        foreach (ref readonly var m in messages) w.I16((short)m.InternalDate.Offset.TotalMinutes);
        foreach (ref readonly var m in messages) w.VarU64(m.ModSeq);
    }

    private static void ReadFolder(ByteReader r, MailboxState state, BlobRef[] blobs)
    {
        int id = r.VarI32();
        string name = r.String();
        var use = (SpecialUse)r.Byte();
        bool noSelect = r.Bool();
        uint uidValidity = r.VarU32();
        var f = new MailboxFolder(id, name, use, uidValidity)
        {
            NoSelect = noSelect,
            UidNext = r.VarU32(),
            HighestModSeq = r.VarU64(),
            RecentFrom = r.VarU32(),
        };

        var words = r.Strings();
        f.RegisterKeywords(words);
        var sets = new string[r.VarI32() + 1][];
        sets[0] = [];
        for (int i = 1; i < sets.Length; i++)
        {
            var set = new string[r.VarI32()];
            for (int j = 0; j < set.Length; j++) set[j] = words[r.VarI32()];
            sets[i] = state.Intern(set);
        }

        f.CompactionMark = r.VarI32();
        int runs = r.VarI32();
        uint previous = 0;
        for (int i = 0; i < runs; i++)
        {
            uint start = checked(previous + r.VarU32());
            uint end = checked(start + r.VarU32());
            f.ExpungedRuns.Add(new ExpungedRun(start, end, r.VarU64()));
            previous = end;
        }

        int n = r.VarI32();
        var uids = new uint[n];
        uint lastUid = 0;
        for (int i = 0; i < n; i++) uids[i] = lastUid = checked(lastUid + r.VarU32());
        var blobIds = new int[n];
        for (int i = 0; i < n; i++) blobIds[i] = r.VarI32();
        var sizes = new long[n];
        for (int i = 0; i < n; i++) sizes[i] = r.VarI64();
        var flags = r.Bytes(n).ToArray();
        var setIds = new int[n];
        for (int i = 0; i < n; i++) setIds[i] = r.VarI32();
        var ticks = new long[n];
        for (int i = 0; i < n; i++) ticks[i] = r.I64();
        var offsets = new short[n];
        for (int i = 0; i < n; i++) offsets[i] = r.I16();

        f.MessageList.Capacity = n;
        for (int i = 0; i < n; i++)
        {
            var offset = TimeSpan.FromMinutes(offsets[i]);
            var date = new DateTimeOffset(ticks[i] + offset.Ticks, offset);
            var blob = blobs[blobIds[i]];
            f.MessageList.Add(new MessageEntry(uids[i], blob, sizes[i], (MessageFlags)flags[i], sets[setIds[i]], date, r.VarU64()));
            state.Reference(blob);
        }
        state.AddFolder(f);
    }
}
