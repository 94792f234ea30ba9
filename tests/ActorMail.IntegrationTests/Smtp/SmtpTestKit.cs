using System.Text;
using ActorMail.Accounts;
using ActorMail.Core;
using ActorMail.Delivery.Queue;
using ActorMail.Mailboxes.Actors;
using Akka.Actor;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>Helpers for the SMTP tests: clients, messages, and reading what the node stored.</summary>
internal static class SmtpTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task<SmtpClient> ConnectAsync(TestNode node, string listener, SecureSocketOptions security, SmtpClient? client = null)
    {
        client ??= new SmtpClient();
        client.Timeout = (int)Patience.TotalMilliseconds;
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        client.LocalDomain = "client.test";
        var ep = node.Endpoint(listener);
        await client.ConnectAsync(ep.Address.ToString(), ep.Port, security);
        return client;
    }

    public static MimeMessage Message(string from, string to, string subject = "hello", string body = "Hello there.")
    {
        var m = new MimeMessage();
        m.From.Add(MailboxAddress.Parse(from));
        foreach (var t in to.Split(',')) m.To.Add(MailboxAddress.Parse(t));
        m.Subject = subject;
        m.Body = new TextPart("plain") { Text = body };
        return m;
    }

    /// <summary>Messages in the account's INBOX (0 before its first delivery creates the mailbox).</summary>
    public static async Task<int> InboxCountAsync(TestNode node, string account)
    {
        var resp = await node.Host.Runtime.Mailboxes.Ask<MailboxResponse>(
            new MailboxEnvelope(account.ToLowerInvariant(), new FolderStatusQuery("INBOX")), Patience);
        return resp.Result is ActorMail.Mailboxes.Store.FolderStatus s ? s.Messages : 0;
    }

    /// <summary>Waits until the account's INBOX holds <paramref name="count"/> messages.</summary>
    public static async Task WaitForInboxAsync(TestNode node, string account, int count)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var n = await InboxCountAsync(node, account);
            if (n == count) return;
            if (n > count) throw new InvalidOperationException($"{account} has {n} messages, expected {count}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"{account} has {n} messages, expected {count}");
            await Task.Delay(25);
        }
    }

    /// <summary>The stored bytes of every INBOX message of an account, oldest first.</summary>
    public static async Task<List<string>> InboxAsync(TestNode node, string account)
    {
        var resp = await node.Host.Runtime.Mailboxes.Ask<MailboxResponse>(
            new MailboxEnvelope(account.ToLowerInvariant(), new MessagePageQuery("INBOX", 1, uint.MaxValue)), Patience);
        var page = (MessagePage)resp.Result;
        return page.Messages.Select(m => Read(node, m.Blob)).ToList();
    }

    public static string Read(TestNode node, BlobRef blob)
    {
        using var s = node.Host.Runtime.Blobs.OpenRead(blob);
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }

    public static async Task<IReadOnlyList<QueuedMessage>> QueueAsync(TestNode node) =>
        (await node.Host.Runtime.Queue.Ask<QueuePage>(new ListQueue(), Patience)).Messages;

    /// <summary>Waits until the outbound queue holds <paramref name="count"/> messages.</summary>
    public static async Task<IReadOnlyList<QueuedMessage>> WaitForQueueAsync(TestNode node, int count)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var q = await QueueAsync(node);
            if (q.Count >= count) return q;
            if (DateTime.UtcNow > until) throw new TimeoutException($"queue holds {q.Count}, expected {count}");
            await Task.Delay(25);
        }
    }

    public static async Task AddAliasAsync(TestNode node, string alias, string target)
    {
        var reply = await node.Host.Runtime.Directory.Ask<DirectoryReply>(
            new DirectoryCommands.AddAlias(MailAddress.Parse(alias), MailAddress.Parse(target)), Patience);
        if (reply is DirectoryReply.Failed f) throw new InvalidOperationException(f.Error.Message);
        await TestNode.WaitUntilAsync(() => node.Host.Services.Directory.Current.FindAlias(MailAddress.Parse(alias)) is not null, Patience);
    }

    /// <summary>Number of live SMTP sessions.</summary>
    public static Task<int> SessionCountAsync(TestNode node) =>
        node.Host.Runtime.System.ActorSelection("/user/smtp-sessions").Ask<int>(ActorMail.Sessions.Common.GetSessionCount.Instance, Patience);
}
