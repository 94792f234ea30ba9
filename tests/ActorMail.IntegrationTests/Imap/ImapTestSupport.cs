using System.Text;
using MailKit.Net.Imap;
using MailKit.Security;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>Accounts, messages and clients for the IMAP tests.</summary>
internal static class ImapTestSupport
{
    public const string Alice = "alice@" + TestNode.Domain;
    public const string Bob = "bob@" + TestNode.Domain;
    public const string Password = "correct horse";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public static byte[] Message(string subject, string body = "Hello there.\r\nSecond line.\r\n", string to = Alice) => Encoding.ASCII.GetBytes(
        $"From: Bob Example <bob@example.org>\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n" +
        $"Message-ID: <{Guid.NewGuid():N}@example.org>\r\n\r\n{body}");

    public static byte[] Multipart(string subject) => Encoding.ASCII.GetBytes(
        $"From: bob@example.org\r\nTo: {Alice}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\npreamble\r\n--XX\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" +
        "part one text\r\n--XX\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"a.bin\"\r\n" +
        "Content-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n--XX--\r\n");

    /// <summary>Delivers through the ingest log and waits until INBOX holds it.</summary>
    public static Task DeliverAsync(TestNode node, string to, byte[] message) => Pop3.Pop3TestSupport.DeliverAsync(node, to, message);

    /// <summary>A MailKit client connected to the imap (or imaps) listener and logged in, certificate accepted.</summary>
    public static async Task<ImapClient> LoginAsync(TestNode node, string user = Alice, string listener = "imap",
        SecureSocketOptions options = SecureSocketOptions.None)
    {
        var client = new ImapClient { Timeout = (int)Wait.TotalMilliseconds, CheckCertificateRevocation = false };
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        var ep = node.Endpoint(listener);
        await client.ConnectAsync(ep.Address.ToString(), ep.Port, options);
        await client.AuthenticateAsync(user, Password);
        return client;
    }

    public static async Task<TestNode> StartAsync(Listen listen = Listen.Imap, IDictionary<string, string>? env = null)
    {
        var node = await TestNode.StartAsync(listen, env);
        await node.AddUserAsync(Alice, Password);
        await node.AddUserAsync(Bob, Password);
        return node;
    }

    /// <summary>Waits for a condition with a bound.</summary>
    public static Task UntilAsync(Func<bool> condition) => TestNode.WaitUntilAsync(condition, Wait);
}
