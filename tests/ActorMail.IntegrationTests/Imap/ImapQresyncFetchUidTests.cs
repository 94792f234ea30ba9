using System.Text.RegularExpressions;
using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>
/// RFC 7162 §3.2.4 across sessions: once a session has enabled QRESYNC, the untagged FETCH responses it gets
/// for another session's flag changes (after NOOP, or at once in IDLE) carry UID and MODSEQ, whatever form of
/// STORE the other session used; its own message-number STORE does too.
/// </summary>
public sealed class ImapQresyncFetchUidTests
{
    private static readonly Regex FetchWithUid = new(@"^\* (\d+) FETCH \(UID (\d+) FLAGS \(([^)]*)\) MODSEQ \(\d+\)\)$", RegexOptions.CultureInvariant);

    [Fact]
    public async Task Changes_by_other_sessions_and_own_stores_carry_uid_under_qresync()
    {
        await using var node = await StartAsync();
        for (int i = 1; i <= 3; i++) await DeliverAsync(node, Alice, Message("m" + i));
        await using var a = await RawImap.OpenAsync(node, Alice, folder: null);
        Assert.Contains("* ENABLED QRESYNC", await a.OkAsync("ENABLE QRESYNC"));
        await a.OkAsync("SELECT INBOX");
        await using var b = await RawImap.OpenAsync(node, Alice);

        // Message numbers and UIDs part ways: UID 1 is expunged, message 1 is then UID 2.
        await b.OkAsync("STORE 1 +FLAGS.SILENT (\\Deleted)");
        await b.OkAsync("EXPUNGE");
        Assert.Contains("* VANISHED 1", await a.OkAsync("NOOP"));

        // The other session's STORE by message number: announced with the UID.
        await b.OkAsync("STORE 1 +FLAGS (\\Flagged)");
        AssertFetch(await a.OkAsync("NOOP"), msn: 1, uid: 2, flag: "\\Flagged");

        // In IDLE at once.
        var idleTag = a.NextTag();
        await a.SendAsync(idleTag + " IDLE\r\n");
        Assert.StartsWith("+", await a.ReadLineAsync());
        await b.OkAsync("UID STORE 3 +FLAGS (\\Answered)");
        AssertFetch([await a.ReadLineAsync()], msn: 2, uid: 3, flag: "\\Answered");
        await a.SendAsync("DONE\r\n");
        Assert.EndsWith("OK IDLE terminated", (await a.ReadUntilTaggedAsync(idleTag))[^1]);

        // Its own STORE by message number.
        AssertFetch(await a.OkAsync("STORE 2 +FLAGS (\\Seen)"), msn: 2, uid: 3, flag: "\\Seen");

        // A session without QRESYNC keeps RFC 3501's form for its own STORE.
        Assert.Contains(await b.OkAsync("STORE 2 -FLAGS (\\Seen)"), l => l.StartsWith("* 2 FETCH (FLAGS (", StringComparison.Ordinal));
    }

    private static void AssertFetch(IReadOnlyList<string> lines, int msn, uint uid, string flag)
    {
        var match = lines.Select(l => FetchWithUid.Match(l)).FirstOrDefault(m => m.Success);
        Assert.True(match is not null, "no FETCH with UID and MODSEQ in:\n" + string.Join("\n", lines));
        Assert.Equal(msn.ToString(), match!.Groups[1].Value);
        Assert.Equal(uid.ToString(), match.Groups[2].Value);
        Assert.Contains(flag, match.Groups[3].Value.Split(' '));
    }
}
