using System.Diagnostics;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>OpenSSL-based clients: swaks and openssl s_client, over STARTTLS and implicit TLS, TLS 1.2 and 1.3.</summary>
public sealed class SmtpInteropTests(DefaultSmtpNode fixture) : IClassFixture<DefaultSmtpNode>
{
    private readonly TestNode _node = fixture.Node;

    private static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> args, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(true);
            throw new TimeoutException(file + " did not finish");
        }
        return (p.ExitCode, await stdout + await stderr);
    }

    [Theory]
    [InlineData("smtp", "tlsv1_2", "TLSv1.2")]
    [InlineData("smtp", "tlsv1_3", "TLSv1.3")]
    [InlineData("smtps", "tlsv1_2", "TLSv1.2")]
    [InlineData("smtps", "tlsv1_3", "TLSv1.3")]
    public async Task SwaksAuthPipeliningOverTls(string listener, string protocol, string expected)
    {
        var subject = "swaks-" + listener + "-" + protocol;
        var before = await InboxCountAsync(_node, "bob@example.test");
        var args = new List<string>
        {
            "--server", "127.0.0.1", "--port", _node.Endpoint(listener).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--from", "alice@example.test", "--to", "bob@example.test", "--header", "Subject: " + subject,
            "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "alice-pw",
            "--pipeline", "--tls-protocol", protocol, "--ehlo", "swaks.test",
            listener == "smtps" ? "--tls-on-connect" : "--tls",
        };
        var (exit, output) = await RunAsync("swaks", args);
        Assert.True(exit == 0, output);
        Assert.Contains(expected, output);
        Assert.Contains("235 2.7.0", output);
        Assert.Contains("250 2.0.0 OK: queued as", output);
        await WaitForInboxAsync(_node, "bob@example.test", before + 1);
        Assert.Contains(await InboxAsync(_node, "bob@example.test"), m => m.Contains(subject) && m.Contains(" with ESMTPSA id "));
    }

    [Theory]
    [InlineData("-tls1_2", "TLSv1.2")]
    [InlineData("-tls1_3", "TLSv1.3")]
    public async Task OpensslStartTlsSmtp(string flag, string expected)
    {
        var subject = "openssl" + flag;
        var before = await InboxCountAsync(_node, "carol@example.test");
        var ep = _node.Endpoint("smtp");
        var script = "EHLO openssl.test\nMAIL FROM:<x@remote.test>\nRCPT TO:<carol@example.test>\nDATA\nSubject: " + subject + "\n\nhi\n.\nQUIT\n";
        var (exit, output) = await RunAsync("openssl",
            ["s_client", "-starttls", "smtp", "-connect", ep.ToString(), flag, "-crlf", "-ign_eof", "-servername", "localhost"], script);
        // Exit 0: the server ended the TLS session with close_notify (OpenSSL 3 fails on a truncated one).
        Assert.True(exit == 0, output);
        Assert.Contains("Protocol  : " + expected, output.Replace("Protocol: ", "Protocol  : ", StringComparison.Ordinal));
        Assert.Contains("250 2.0.0 OK: queued as", output);
        Assert.Contains("221 2.0.0 Bye", output);
        await WaitForInboxAsync(_node, "carol@example.test", before + 1);
    }

    [Fact]
    public async Task OpensslImplicitTls()
    {
        var ep = _node.Endpoint("smtps");
        var (exit, output) = await RunAsync("openssl",
            ["s_client", "-connect", ep.ToString(), "-crlf", "-ign_eof", "-servername", "localhost"], "EHLO openssl.test\nQUIT\n");
        Assert.True(exit == 0, output);
        Assert.Contains("250-AUTH PLAIN LOGIN", output);
        Assert.DoesNotContain("STARTTLS", output);
        Assert.Contains("221 2.0.0 Bye", output);
    }
}
