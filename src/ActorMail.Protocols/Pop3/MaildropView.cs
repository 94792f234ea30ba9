using System.Diagnostics.CodeAnalysis;

namespace ActorMail.Protocols.Pop3;

/// <summary>
/// A POP3 session's snapshot of its maildrop, taken at login: message numbers 1..n in the order given, fixed for the
/// whole session whatever IMAP does meanwhile, plus this session's deletion marks. Pure state, one per session.
/// </summary>
/// <remarks>
/// RFC 1939 §5: numbers of deleted messages stay taken and are never reused; STAT and LIST leave deleted messages out;
/// deletions are only marks until UPDATE applies <see cref="DeletedUids"/>.
/// </remarks>
public sealed class MaildropView
{
    private readonly MaildropEntry[] _entries;
    private readonly bool[] _deleted;
    private readonly long _totalOctets;
    private int _deletedCount;
    private long _deletedOctets;

    /// <summary>Creates the snapshot; message n is <paramref name="messages"/>[n-1].</summary>
    /// <exception cref="ArgumentException">A size is negative or a UID repeats.</exception>
    public MaildropView(uint uidValidity, IEnumerable<MaildropEntry> messages)
    {
        _entries = messages.ToArray();
        _deleted = new bool[_entries.Length];
        var seen = new HashSet<uint>();
        foreach (var entry in _entries)
        {
            if (entry.Size < 0 || !seen.Add(entry.Uid))
            {
                throw new ArgumentException("Message sizes must be non-negative and UIDs distinct.", nameof(messages));
            }

            _totalOctets += entry.Size;
        }

        UidValidity = uidValidity;
    }

    /// <summary>The mailbox's UIDVALIDITY when the snapshot was taken.</summary>
    public uint UidValidity { get; }

    /// <summary>The highest message number, deleted messages included.</summary>
    public int HighestNumber => _entries.Length;

    /// <summary>Messages not marked deleted (STAT's first figure).</summary>
    public int MessageCount => _entries.Length - _deletedCount;

    /// <summary>Total octets of the messages not marked deleted (STAT's second figure).</summary>
    public long TotalOctets => _totalOctets - _deletedOctets;

    /// <summary>True when at least one message is marked deleted.</summary>
    public bool HasDeletions => _deletedCount > 0;

    /// <summary>The messages not marked deleted, by ascending number (LIST and UIDL without argument).</summary>
    public IEnumerable<MaildropMessage> Messages
    {
        get
        {
            for (int i = 0; i < _entries.Length; i++)
            {
                if (!_deleted[i])
                {
                    yield return new MaildropMessage(i + 1, _entries[i].Uid, _entries[i].Size);
                }
            }
        }
    }

    /// <summary>UIDs of the messages marked deleted, by ascending number; what UPDATE removes.</summary>
    public IReadOnlyList<uint> DeletedUids
    {
        get
        {
            var uids = new List<uint>(_deletedCount);
            for (int i = 0; i < _entries.Length; i++)
            {
                if (_deleted[i])
                {
                    uids.Add(_entries[i].Uid);
                }
            }

            return uids;
        }
    }

    /// <summary>
    /// Finds message <paramref name="number"/>; on failure <paramref name="error"/> is
    /// <see cref="Pop3Replies.NoSuchMessage"/> (out of range) or <see cref="Pop3Replies.MessageDeleted"/>.
    /// </summary>
    public bool TryGet(int number, out MaildropMessage message, [NotNullWhen(false)] out Pop3Reply? error)
    {
        message = default;
        if (number < 1 || number > _entries.Length)
        {
            error = Pop3Replies.NoSuchMessage;
            return false;
        }

        if (_deleted[number - 1])
        {
            error = Pop3Replies.MessageDeleted;
            return false;
        }

        var entry = _entries[number - 1];
        message = new MaildropMessage(number, entry.Uid, entry.Size);
        error = null;
        return true;
    }

    /// <summary>DELE: marks message <paramref name="number"/> deleted; the reply is <c>+OK</c> or the lookup error.</summary>
    public Pop3Reply Delete(int number)
    {
        if (!TryGet(number, out var message, out var error))
        {
            return error;
        }

        _deleted[number - 1] = true;
        _deletedCount++;
        _deletedOctets += message.Size;
        return Pop3Replies.Deleted;
    }

    /// <summary>RSET: removes every deletion mark.</summary>
    public void Reset()
    {
        Array.Clear(_deleted);
        _deletedCount = 0;
        _deletedOctets = 0;
    }

    /// <summary>The UIDL unique-id of <paramref name="message"/> (see <see cref="Pop3Uidl"/>).</summary>
    public string UniqueId(MaildropMessage message) => Pop3Uidl.Make(UidValidity, message.Uid);
}
