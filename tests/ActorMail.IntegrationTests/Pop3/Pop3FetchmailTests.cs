using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using static ActorMail.IntegrationTests.Pop3.Pop3TestSupport;

namespace ActorMail.IntegrationTests.Pop3;

/// <summary>Debian's fetchmail retrieving into local files through --mda (keep and no-keep modes).</summary>
[SupportedOSPlatform("linux")]
public sealed class Pop3FetchmailTests
{
    [Fact]
    public async Task Fetchmail_keep_run_then_second_keep_run_fetches_nothing_then_no_keep_run_deletes()
    {
        Assert.True(File.Exists("/usr/bin/fetchmail"), "fetchmail is not installed (apt-get install fetchmail)");
        await using var node = await TestNode.StartAsync(Listen.AllPop3);
        await node.AddUserAsync(Alice, Password);
        var messages = new[] { DottedMessage("fm-one"), LargeMessage("fm-two", 80) };
        foreach (var m in messages) await DeliverAsync(node, Alice, m);

        var work = Directory.CreateTempSubdirectory("actormail-fetchmail-").FullName;
        try
        {
            var inbox = Directory.CreateDirectory(Path.Combine(work, "inbox")).FullName;
            var mda = Path.Combine(work, "mda.sh");
            await File.WriteAllTextAsync(mda, $"#!/bin/sh\ncat > '{inbox}/msg-'$$.eml\n");
            File.SetUnixFileMode(mda, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            // Plain POP3 with the keep option: both messages arrive, the mailbox keeps them.
            var first = await RunFetchmailAsync(work, node.Endpoint("pop3").Port, mda, keep: true, tls: false);
            Assert.True(first.ExitCode == 0, first.Output);
            var files = Directory.GetFiles(inbox);
            Assert.Equal(2, files.Length);
            foreach (var m in messages)
            {
                var expected = Normalize(Encoding.ASCII.GetString(m));
                Assert.Contains(files, f => Normalize(File.ReadAllText(f)).EndsWith(expected, StringComparison.Ordinal));
            }

            Assert.Equal(2, await CountAsync(node, Alice));

            // Second keep run: UIDL tells fetchmail it has seen both; exit code 1 means "no mail".
            var second = await RunFetchmailAsync(work, node.Endpoint("pop3").Port, mda, keep: true, tls: false);
            Assert.True(second.ExitCode == 1, second.Output);
            Assert.Equal(2, Directory.GetFiles(inbox).Length);

            // No-keep run over implicit TLS: everything is fetched again (new id file) and deleted.
            foreach (var f in Directory.GetFiles(inbox)) File.Delete(f);
            File.Delete(Path.Combine(work, "ids"));
            var third = await RunFetchmailAsync(work, node.Endpoint("pop3s").Port, mda, keep: false, tls: true);
            Assert.True(third.ExitCode == 0, third.Output);
            Assert.Equal(2, Directory.GetFiles(inbox).Length);
            Assert.Equal(0, await CountAsync(node, Alice));
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static async Task<(int ExitCode, string Output)> RunFetchmailAsync(string work, int port, string mda, bool keep, bool tls)
    {
        var rc = Path.Combine(work, "fetchmailrc");
        var security = tls ? "ssl no sslcertck" : "sslproto ''";
        await File.WriteAllTextAsync(rc,
            "set no syslog\nset no bouncemail\n" +
            $"poll 127.0.0.1 service {port} protocol pop3 auth password timeout 20\n" +
            $"  user \"{Alice}\" there with password \"{Password}\" is \"{Environment.UserName}\" here\n" +
            $"  {security} {(keep ? "keep" : "no keep")} no rewrite mda \"{mda}\"\n");
        File.SetUnixFileMode(rc, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var psi = new ProcessStartInfo("/usr/bin/fetchmail")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--fetchmailrc", rc, "--idfile", Path.Combine(work, "ids"), "--nodetach", "--verbose" })
            psi.ArgumentList.Add(arg);
        psi.Environment["FETCHMAILHOME"] = work;
        psi.Environment["HOME"] = work;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
