using System.Collections.Concurrent;

namespace ActorMail.Sessions.Pop3;

/// <summary>
/// The maildrop locks of one node (RFC 1939 §8: one POP3 session per maildrop at a time), keyed by
/// account key. A session takes its account's lock after login and gives it back when it ends.
/// Thread-safe.
/// </summary>
public sealed class MaildropLocks
{
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    /// <summary>Takes the lock of <paramref name="account"/> for <paramref name="owner"/>; false when another owner holds it.</summary>
    public bool TryAcquire(string account, string owner) => _owners.TryAdd(account, owner);

    /// <summary>Gives the lock back if <paramref name="owner"/> holds it; otherwise does nothing.</summary>
    public void Release(string account, string owner) =>
        _owners.TryRemove(new KeyValuePair<string, string>(account, owner));

    /// <summary>True while some session holds the lock of <paramref name="account"/>.</summary>
    public bool IsLocked(string account) => _owners.ContainsKey(account);
}
