using System.Security.Cryptography;
using System.Text;

namespace ActorMail.Accounts.Authentication;

/// <summary>
/// Remembers verified logins for a time-to-live so the slow password hash is paid once per TTL, not per login.
/// An entry holds an HMAC-SHA256, under a random key of this instance, of the user, a credential stamp and the
/// password: never the password itself. Bounded: beyond <see cref="Capacity"/> the least recently added entry goes.
/// Thread-safe.
/// </summary>
public sealed class LoginCache
{
    public const int DefaultCapacity = 100_000;

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<string, LinkedListNode<Entry>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> order = new();
    private readonly object gate = new();

    public LoginCache(TimeSpan ttl, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ttl.Ticks, nameof(ttl));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Ttl = ttl;
        Capacity = capacity;
    }

    public TimeSpan Ttl { get; }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (gate) return entries.Count;
        }
    }

    /// <summary>
    /// True when <paramref name="user"/> logged in with this <paramref name="password"/> less than the TTL ago, under the
    /// same <paramref name="stamp"/> (e.g. the stored password hash, so that a changed password misses).
    /// </summary>
    public bool TryGet(string user, string password, DateTimeOffset now, string? stamp = null)
    {
        var mac = Mac(user, password, stamp);
        lock (gate)
        {
            if (!entries.TryGetValue(user, out var node)) return false;
            if (now - node.Value.Added >= Ttl || now < node.Value.Added)
            {
                Remove(node);
                return false;
            }
            return CryptographicOperations.FixedTimeEquals(node.Value.Mac, mac);
        }
    }

    /// <summary>Records a verified login (replacing the user's previous entry).</summary>
    public void Add(string user, string password, DateTimeOffset now, string? stamp = null)
    {
        if (Ttl <= TimeSpan.Zero) return;
        var mac = Mac(user, password, stamp);
        lock (gate)
        {
            if (entries.TryGetValue(user, out var old)) Remove(old);
            while (entries.Count >= Capacity && order.First is { } oldest) Remove(oldest);
            entries[user] = order.AddLast(new Entry(user, mac, now));
        }
    }

    /// <summary>Forgets the user's cached login (after a password change, removal or deactivation).</summary>
    public void Invalidate(string user)
    {
        lock (gate)
        {
            if (entries.TryGetValue(user, out var node)) Remove(node);
        }
    }

    /// <summary>Everything the cache holds, for tests that check no password is stored.</summary>
    internal IReadOnlyList<(string User, byte[] Mac)> StoredMaterial()
    {
        lock (gate) return order.Select(e => (e.User, e.Mac.ToArray())).ToList();
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        order.Remove(node);
        entries.Remove(node.Value.User);
    }

    private byte[] Mac(string user, string password, string? stamp)
    {
        // Length-prefixed fields, so that no two (user, stamp, password) triples share an input.
        var u = Encoding.UTF8.GetBytes(user);
        var s = Encoding.UTF8.GetBytes(stamp ?? "");
        var p = Encoding.UTF8.GetBytes(password);
        var input = new byte[12 + u.Length + s.Length + p.Length];
        var span = input.AsSpan();
        int at = 0;
        foreach (var part in new[] { u, s, p })
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(span[at..], part.Length);
            part.CopyTo(span[(at + 4)..]);
            at += 4 + part.Length;
        }
        var mac = HMACSHA256.HashData(key, input);
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(p);
        return mac;
    }

    private sealed record Entry(string User, byte[] Mac, DateTimeOffset Added);
}
