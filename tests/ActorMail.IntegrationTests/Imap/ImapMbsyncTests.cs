using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>Debian's mbsync (isync) doing a two-way sync between ActorMail and a local Maildir.</summary>
[SupportedOSPlatform("linux")]
public sealed class ImapMbsyncTests
{
    [Fact]
    public async Task Mbsync_two_way_sync_then_a_second_sync_transfers_nothing()
    {
        Assert.True(File.Exists("/usr/bin/mbsync"), "mbsync is not installed (apt-get install isync)");
        await using var node = await StartAsync();
        await DeliverAsync(node, Alice, Message("server one"));
        await DeliverAsync(node, Alice, Multipart("server two"));
        await using (var raw = await RawImap.OpenAsync(node, Alice, folder: null))
        {
            var sent = Encoding.ASCII.GetBytes("From: alice@example.test\r\nSubject: sent before\r\n\r\nhi\r\n");
            var tag = raw.NextTag();
            await raw.SendAsync($"{tag} APPEND Sent (\\Seen) {{{sent.Length}+}}\r\n");
            await raw.SendAsync(sent);
            await raw.SendAsync("\r\n");
            Assert.Contains(" OK ", (await raw.ReadUntilTaggedAsync(tag))[^1]);
        }

        var work = Directory.CreateTempSubdirectory("actormail-mbsync-").FullName;
        try
        {
            var mail = Path.Combine(work, "mail");
            // A message that exists only locally, in INBOX and in a folder the server does not have yet.
            WriteLocal(Path.Combine(mail, "INBOX"), "local-1", "Subject: local one\r\n\r\nfrom the laptop\r\n");
            WriteLocal(Path.Combine(mail, "Projects"), "local-2", "Subject: local two\r\n\r\nproject notes\r\n");
            var config = WriteConfig(work, mail, node.Endpoint("imap").Port);

            var first = await RunAsync(config);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Equal(3, (await node.StatusAsync(Alice)).Messages);
            Assert.Equal(1, (await node.StatusAsync(Alice, "Projects")).Messages);
            Assert.Equal(3, CountLocal(Path.Combine(mail, "INBOX")));
            Assert.Equal(1, CountLocal(Path.Combine(mail, "Sent")));
            Assert.Contains(LocalFiles(Path.Combine(mail, "INBOX")), f => File.ReadAllText(f).Contains("Subject: server two", StringComparison.Ordinal));

            // Nothing changed on either side: the second run (network traffic dumped) transfers nothing.
            var localBefore = Snapshot(mail);
            var uidNext = (await node.StatusAsync(Alice)).UidNext;
            var second = await RunAsync(config, "-Dn");
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("SELECT", second.Output, StringComparison.Ordinal);
            Assert.DoesNotMatch(new Regex(@"\bAPPEND\b|BODY\.PEEK\[\]|\bSTORE\b|\bEXPUNGE\b"), second.Output);
            Assert.Equal(uidNext, (await node.StatusAsync(Alice)).UidNext);
            Assert.Equal(3, (await node.StatusAsync(Alice)).Messages);
            Assert.Equal(localBefore, Snapshot(mail));
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    private static void WriteLocal(string maildir, string name, string content)
    {
        foreach (var sub in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(maildir, sub));
        File.WriteAllText(Path.Combine(maildir, "new", $"{name}.{Environment.ProcessId}.host"), content.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static IEnumerable<string> LocalFiles(string maildir) =>
        new[] { "cur", "new" }.Select(s => Path.Combine(maildir, s)).Where(Directory.Exists).SelectMany(Directory.GetFiles);

    private static int CountLocal(string maildir) => LocalFiles(maildir).Count();

    /// <summary>Every message file below the Maildir root with its length, sorted.</summary>
    private static string Snapshot(string root) => string.Join("\n",
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is "cur" or "new")
            .Select(f => Path.GetRelativePath(root, f) + " " + new FileInfo(f).Length)
            .Order(StringComparer.Ordinal));

    private static string WriteConfig(string work, string mail, int port)
    {
        var path = Path.Combine(work, "mbsyncrc");
        File.WriteAllText(path,
            "IMAPAccount actormail\nHost 127.0.0.1\n" +
            $"Port {port}\nUser {Alice}\nPass \"{Password}\"\nSSLType None\nAuthMechs LOGIN\nTimeout 20\n\n" +
            "IMAPStore remote\nAccount actormail\n\n" +
            $"MaildirStore local\nPath {mail}/\nInbox {mail}/INBOX\nSubFolders Verbatim\n\n" +
            "Channel sync\nFar :remote:\nNear :local:\nPatterns *\nCreate Both\nExpunge Both\nSyncState *\nSync All\n");
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string config, string? debug = null)
    {
        var psi = new ProcessStartInfo("/usr/bin/mbsync")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", config, "-a", "-V" }) psi.ArgumentList.Add(arg);
        if (debug is not null) psi.ArgumentList.Add(debug);
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
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("mbsync did not finish: " + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
