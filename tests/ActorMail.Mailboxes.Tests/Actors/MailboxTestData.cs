using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ActorMail.Core;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using Akka.Actor;

namespace ActorMail.Mailboxes.Tests.Actors;

/// <summary>A clock that stands still unless a test moves it.</summary>
internal sealed class FixedClock(DateTimeOffset now) : IClock
{
    public DateTimeOffset Now { get; } = now;
}

/// <summary>Blob references, asks through the envelope protocol, and a text picture of a whole mailbox.</summary>
internal static class MailboxTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static BlobRef Blob(string seed) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed))), 100 + seed.Length);

    public static DeliverMessage Delivery(string id, string? blobSeed = null) =>
        new(id, Blob(blobSeed ?? id), 100 + (blobSeed ?? id).Length, T0);

    /// <summary>Asks one account's mailbox through <paramref name="mailboxes"/> and returns the result of its response.</summary>
    public static async Task<object> AskAsync(this IActorRef mailboxes, string account, object message, long correlation = 0)
    {
        var response = await mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, message, correlation), Patience);
        Assert.Equal(account, response.Account);
        Assert.Equal(correlation, response.Correlation);
        return response.Result;
    }

    public static async Task<T> AskAsync<T>(this IActorRef mailboxes, string account, object message) =>
        Assert.IsType<T>(await mailboxes.AskAsync(account, message));

    /// <summary>
    /// Everything a client can learn about the mailbox through queries (folders, subscriptions, status,
    /// every message with flags, keywords and modseq, expunged UIDs), one line each.
    /// </summary>
    public static async Task<string> DescribeAsync(this IActorRef mailboxes, string account)
    {
        var text = new StringBuilder();
        var list = await mailboxes.AskAsync<FolderList>(account, new ListFoldersQuery());
        text.AppendLine("subscriptions " + string.Join(",", list.Subscriptions));
        foreach (var f in list.Folders)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"folder {f.Name} use={f.SpecialUse} sub={f.Subscribed} noselect={f.NoSelect} children={f.HasChildren} id={f.Id}");
            if (f.NoSelect) continue;
            var status = await mailboxes.AskAsync<FolderStatus>(account, new FolderStatusQuery(f.Name));
            text.AppendLine("  " + status);
            uint from = 1;
            while (true)
            {
                var page = await mailboxes.AskAsync<MessagePage>(account, new MessagePageQuery(f.Name, from, uint.MaxValue, 100));
                foreach (var m in page.Messages)
                {
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"  uid={m.Uid} blob={m.Blob} size={m.Size} flags={m.Flags} kw={string.Join(",", m.Keywords)} date={m.InternalDate:O} modseq={m.ModSeq}");
                }
                if (!page.MayHaveMore || page.Messages.Count == 0) break;
                from = page.Messages[^1].Uid + 1;
            }
            var expunged = await mailboxes.AskAsync<UidSet>(account, new ExpungedSinceQuery(f.Name, 0));
            text.AppendLine("  expunged " + string.Join(",", expunged.Ranges));
        }
        return text.ToString();
    }
}
