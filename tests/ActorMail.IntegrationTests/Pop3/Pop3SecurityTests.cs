using System.Diagnostics;
using System.Net;
using MailKit.Security;
using static ActorMail.IntegrationTests.Pop3.Pop3TestSupport;

namespace ActorMail.IntegrationTests.Pop3;

/// <summary>TLS (STLS and implicit), SASL PLAIN, the plaintext policy, login limits and STLS injection.</summary>
public sealed class Pop3SecurityTests
{
    [Fact]
    public async Task Stls_and_implicit_tls_retrieve_with_mailkit()
    {
        await using var node = await TestNode.StartAsync(Listen.AllPop3);
        await node.AddUserAsync(Alice, Password);
        var message = LargeMessage("tls", 100);
        await DeliverAsync(node, Alice, message);

        using (var client = await ConnectAsync(node, "pop3", SecureSocketOptions.StartTls))
        {
            Assert.True(client.IsSecure);
            Assert.DoesNotContain("STLS", client.Capabilities.ToString());
            await client.AuthenticateAsync(Alice, Password);
            Assert.Equal(message, await RetrieveRawAsync(client, 0));
            await client.DisconnectAsync(true);
        }

        using (var client = await ConnectAsync(node, "pop3s", SecureSocketOptions.SslOnConnect))
        {
            Assert.True(client.IsSecure);
            await client.AuthenticateAsync(new SaslMechanismPlain(Alice, Password));
            Assert.Equal(message, await RetrieveRawAsync(client, 0));
            await client.DisconnectAsync(true);
        }
    }

    [Fact]
    public async Task Auth_plain_with_and_without_initial_response()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);

        await using (var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3")))
        {
            Assert.StartsWith("+OK", await raw.CommandAsync("CAPA"));
            var capa = await raw.ReadMultilineAsync();
            Assert.Contains("SASL PLAIN", capa);
            Assert.Contains("USER", capa);
            Assert.Contains("STLS", capa);
            Assert.StartsWith("-ERR [AUTH]", await raw.CommandAsync("AUTH PLAIN " + Pop3MaildropLockTests.Plain(Alice, "wrong")));
            Assert.Equal("-ERR Unsupported authentication mechanism", await raw.CommandAsync("AUTH CRAM-MD5"));
            Assert.Equal("+ ", await raw.CommandAsync("AUTH PLAIN"));
            Assert.Equal("-ERR Authentication cancelled", await raw.CommandAsync("*"));
            Assert.Equal("+ ", await raw.CommandAsync("AUTH PLAIN"));
            Assert.Equal("-ERR Invalid authentication response", await raw.CommandAsync("not base64!"));
            Assert.StartsWith("+OK", await raw.CommandAsync("AUTH PLAIN " + Pop3MaildropLockTests.Plain(Alice, Password)));
            Assert.StartsWith("+OK 0 0", await raw.CommandAsync("STAT"));
            Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"));
        }

        await using (var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3")))
        {
            Assert.Equal("+ ", await raw.CommandAsync("AUTH PLAIN"));
            Assert.StartsWith("+OK", await raw.CommandAsync(Pop3MaildropLockTests.Plain(Alice, Password)));
            Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"));
        }
    }

    [Fact]
    public async Task Plaintext_logins_are_refused_without_tls_when_the_policy_says_never()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3,
            new Dictionary<string, string> { ["ACTORMAIL__AUTH__PLAINTEXT"] = "never" });
        await node.AddUserAsync(Alice, Password);

        await using (var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3")))
        {
            Assert.StartsWith("+OK", await raw.CommandAsync("CAPA"));
            var capa = await raw.ReadMultilineAsync();
            Assert.DoesNotContain("USER", capa);
            Assert.DoesNotContain(capa, l => l.StartsWith("SASL", StringComparison.Ordinal));
            Assert.Contains("STLS", capa);
            Assert.Equal("-ERR Plaintext authentication requires TLS", await raw.CommandAsync("USER " + Alice));
            Assert.Equal("-ERR Plaintext authentication requires TLS", await raw.CommandAsync("AUTH PLAIN " + Pop3MaildropLockTests.Plain(Alice, Password)));
        }

        using var client = await ConnectAsync(node, "pop3", SecureSocketOptions.StartTls);
        client.AuthenticationMechanisms.Clear();
        await client.AuthenticateAsync(Alice, Password);
        Assert.Equal(0, client.Count);
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task Login_failures_are_delayed_and_limited_per_address()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3, new Dictionary<string, string>
        {
            ["ACTORMAIL__AUTH__FAILURE_DELAY"] = "300ms",
            ["ACTORMAIL__AUTH__MAX_FAILURES_PER_IP"] = "2",
        });
        await node.AddUserAsync(Alice, Password);
        var server = node.Endpoint("pop3");

        await using (var attacker = await RawPop3.ConnectAsync(server, IPAddress.Parse("127.0.0.2")))
        {
            for (int i = 0; i < 2; i++)
            {
                Assert.StartsWith("+OK", await attacker.CommandAsync("USER " + Alice));
                var watch = Stopwatch.StartNew();
                Assert.Equal("-ERR [AUTH] Authentication failed", await attacker.CommandAsync("PASS guess" + i));
                Assert.True(watch.ElapsedMilliseconds >= 250, $"failure answered after {watch.ElapsedMilliseconds} ms");
            }

            // Blocked now: even the right password is refused from this address.
            Assert.StartsWith("+OK", await attacker.CommandAsync("USER " + Alice));
            Assert.Equal("-ERR [AUTH] Authentication failed", await attacker.CommandAsync("PASS " + Password));
        }

        await using var other = await RawPop3.ConnectAsync(server, IPAddress.Parse("127.0.0.3"));
        await other.LoginAsync();
        Assert.StartsWith("+OK", await other.CommandAsync("QUIT"));
    }

    [Fact]
    public async Task Commands_pipelined_behind_stls_are_never_executed()
    {
        await using var node = await TestNode.StartAsync(Listen.Pop3);
        await node.AddUserAsync(Alice, Password);

        await using (var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3")))
        {
            await raw.SendAsync("STLS\r\nNOOP\r\nCAPA\r\n");
            var lines = await raw.ReadToCloseAsync();
            Assert.DoesNotContain(lines, l => l.Contains("Capability", StringComparison.Ordinal) || l.Contains("not valid", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith("+OK Begin", StringComparison.Ordinal));
        }

        await using (var raw = await RawPop3.ConnectAsync(node.Endpoint("pop3")))
        {
            Assert.StartsWith("+OK Begin", await raw.CommandAsync("STLS"));
            await raw.SendAsync("CAPA\r\n");
            Assert.Empty(await raw.ReadToCloseAsync());
        }
    }
}
