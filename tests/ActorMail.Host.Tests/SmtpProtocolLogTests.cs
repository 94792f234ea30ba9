using System.Text;
using ActorMail.Host.Tests.Support;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ActorMail.Host.Tests;

/// <summary>
/// actormail.log.protocol = full on a running node: the protocol log records the conversation but never a
/// password, in clear or in base64 (SMTP AUTH PLAIN and LOGIN on submission, POP3 USER/PASS and AUTH PLAIN).
/// </summary>
public sealed class SmtpProtocolLogTests : IDisposable
{
    private const string Account = "logged@example.test";
    private const string Password = "Zebra-Horse-Battery-42";

    private readonly ActorMailHome _home = new("smtp-protocol-log");

    [Fact]
    public async Task Full_protocol_log_has_the_commands_but_never_a_password()
    {
        (await _home.RunAsync("domain", "add", "example.test")).ShouldSucceed();
        (await _home.RunWithInputAsync(Password + "\n", "user", "add", Account, "--password-stdin")).ShouldSucceed();
        int submission = SmtpDurabilityTests.FreePort();
        int pop3Port = SmtpDurabilityTests.FreePort();
        var node = await _home.StartNodeAsync(new Dictionary<string, string>
        {
            ["ACTORMAIL__LOG__PROTOCOL"] = "full",
            ["ACTORMAIL__SMTP__SUBMISSION_PORT"] = submission.ToString(),
            ["ACTORMAIL__POP3__PORT"] = pop3Port.ToString(),
        });
        int stopped;
        string output;
        try
        {
            foreach (var mechanism in new[] { "PLAIN", "LOGIN" })
            {
                using var smtp = new SmtpClient { Timeout = 30_000 };
                await smtp.ConnectAsync("127.0.0.1", submission, SecureSocketOptions.None);
                Assert.Contains(mechanism, smtp.AuthenticationMechanisms);
                smtp.AuthenticationMechanisms.RemoveWhere(m => m != mechanism);
                await smtp.AuthenticateAsync(Account, Password);
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(Account));
                message.To.Add(MailboxAddress.Parse(Account));
                message.Subject = "logged via " + mechanism;
                message.Body = new TextPart("plain") { Text = "protocol log test" };
                await smtp.SendAsync(message);
                await smtp.DisconnectAsync(true);
            }

            // POP3: USER/PASS (no SASL offered to the client), then AUTH PLAIN
            using (var pop3 = new Pop3Client { Timeout = 30_000 })
            {
                await pop3.ConnectAsync("127.0.0.1", pop3Port, SecureSocketOptions.None);
                pop3.AuthenticationMechanisms.Clear();
                await pop3.AuthenticateAsync(Account, Password);
                await pop3.DisconnectAsync(true);
            }
            using (var pop3 = new Pop3Client { Timeout = 30_000 })
            {
                await pop3.ConnectAsync("127.0.0.1", pop3Port, SecureSocketOptions.None);
                await pop3.AuthenticateAsync(new SaslMechanismPlain(Account, Password));
                Assert.True(pop3.Count >= 1);
                await pop3.DisconnectAsync(true);
            }
        }
        finally
        {
            stopped = await node.StopAsync();
            output = await node.OutputAsync();
            await node.DisposeAsync();
        }
        Assert.Equal(0, stopped);

        var logs = Path.Combine(_home.DataDir, "logs");
        var protocolFiles = Directory.GetFiles(logs, "protocol-*.log");
        Assert.NotEmpty(protocolFiles);
        var protocol = string.Concat(protocolFiles.Select(File.ReadAllText));
        Assert.Contains("C: AUTH PLAIN", protocol);
        Assert.Contains("C: AUTH LOGIN", protocol);
        Assert.Contains("C: MAIL FROM:<" + Account + ">", protocol);
        Assert.Contains("S: 235 2.7.0", protocol);
        Assert.Contains("C: USER " + Account, protocol);
        Assert.Contains("C: PASS ***", protocol);
        Assert.Contains("logged via PLAIN", protocol); // full mode records the message data

        var secrets = new[]
        {
            Password,
            B64(Password),
            B64("\0" + Account + "\0" + Password),
            B64(Account + "\0" + Account + "\0" + Password),
        };
        foreach (var file in Directory.GetFiles(logs))
        {
            var text = File.ReadAllText(file);
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{Path.GetFileName(file)} contains the secret {secret}");
        }
        foreach (var secret in secrets) Assert.DoesNotContain(secret, output);
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    public void Dispose() => _home.Dispose();
}
