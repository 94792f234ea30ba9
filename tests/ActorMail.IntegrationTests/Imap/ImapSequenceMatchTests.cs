using System.Text.RegularExpressions;
using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>
/// Raw-socket transcripts that need values only known at run time (UIDVALIDITY, HIGHESTMODSEQ):
/// SELECT (QRESYNC ...) with sequence match data (RFC 7162 §3.2.5.2) and a conditional STORE that fails
/// on another session's change (§3.1.3).
/// </summary>
public sealed class ImapSequenceMatchTests
{
    [Fact]
    public async Task Qresync_select_trusts_sequence_match_data_up_to_the_first_mismatch()
    {
        await using var node = await StartAsync();
        for (int i = 1; i <= 6; i++) await DeliverAsync(node, Alice, Message("m" + i));
        await using var raw = await RawImap.OpenAsync(node, Alice, folder: null);
        await raw.OkAsync("ENABLE QRESYNC");
        var select = string.Join("\n", await raw.OkAsync("SELECT INBOX"));
        uint validity = uint.Parse(Regex.Match(select, @"UIDVALIDITY (\d+)").Groups[1].Value);
        ulong modseq = ulong.Parse(Regex.Match(select, @"HIGHESTMODSEQ (\d+)").Groups[1].Value);

        // UIDs 2 and 4 go: the mailbox is now 1 3 5 6 (message numbers 1 to 4).
        await raw.OkAsync("UID STORE 2,4 +FLAGS.SILENT (\\Deleted)");
        Assert.Contains("* VANISHED 2,4", await raw.OkAsync("EXPUNGE"));
        await raw.OkAsync("UNSELECT");

        async Task<List<string>> Vanished(string parameters)
        {
            var lines = await raw.OkAsync($"SELECT INBOX (QRESYNC ({validity} {modseq} {parameters}))");
            await raw.OkAsync("UNSELECT");
            return lines.Where(l => l.StartsWith("* VANISHED", StringComparison.Ordinal)).ToList();
        }

        // Without match data: everything expunged since the mod-sequence, within the known UIDs.
        Assert.Equal(["* VANISHED (EARLIER) 2,4"], await Vanished("1:6"));
        // 1->1 and 2->3 match: the client knows every expunge up to UID 3.
        Assert.Equal(["* VANISHED (EARLIER) 4"], await Vanished("1:6 (1,2 1,3)"));
        // 3->5 matches as well: nothing is left to report.
        Assert.Empty(await Vanished("1:6 (1:3 1,3,5)"));
        // 2->2 does not match (message 2 is UID 3): only UID 1 is confirmed, and the later match 3->5 counts for nothing.
        Assert.Equal(["* VANISHED (EARLIER) 2,4"], await Vanished("1:6 (1:3 1,2,5)"));
        // 2->3 matches, 3->4 does not (it is UID 5): confirmed up to UID 3.
        Assert.Equal(["* VANISHED (EARLIER) 4"], await Vanished("1:6 (2,3 3,4)"));
        // A message number beyond the mailbox is a mismatch.
        Assert.Equal(["* VANISHED (EARLIER) 4"], await Vanished("1:6 (1,2,9 1,3,9)"));
        // Match data without known UIDs.
        Assert.Equal(["* VANISHED (EARLIER) 4"], await Vanished("(1,2 1,3)"));
        // The changed flags are reported whatever the match data says.
        var lines = await raw.OkAsync($"SELECT INBOX (QRESYNC ({validity} {modseq} 1:6 (1:4 1,3,5,6)))");
        Assert.DoesNotContain(lines, l => l.StartsWith("* VANISHED", StringComparison.Ordinal));
        Assert.Contains("* 4 EXISTS", lines);

        // Sets of different sizes, or with '*', are refused.
        var bad = await raw.CommandAsync($"SELECT INBOX (QRESYNC ({validity} {modseq} 1:6 (1,2 1)))");
        Assert.Matches(@"^t\d+ BAD ", bad[^1]);
        bad = await raw.CommandAsync($"SELECT INBOX (QRESYNC ({validity} {modseq} 1:6 (1:* 1:*)))");
        Assert.Matches(@"^t\d+ BAD ", bad[^1]);
    }

    [Fact]
    public async Task Conditional_store_that_fails_on_another_sessions_change_announces_that_change()
    {
        await using var node = await StartAsync();
        for (int i = 1; i <= 3; i++) await DeliverAsync(node, Alice, Message("m" + i));
        await using var a = await RawImap.OpenAsync(node, Alice, folder: null);
        var select = string.Join("\n", await a.OkAsync("SELECT INBOX (CONDSTORE)"));
        ulong modseq = ulong.Parse(Regex.Match(select, @"HIGHESTMODSEQ (\d+)").Groups[1].Value);

        await using (var b = await RawImap.OpenAsync(node, Alice))
        {
            await b.OkAsync("STORE 2 +FLAGS (\\Flagged)");
        }

        var store = await a.CommandAsync($"STORE 1:3 (UNCHANGEDSINCE {modseq}) +FLAGS.SILENT (\\Seen)");
        Assert.Matches(@"^t\d+ OK \[MODIFIED 2\] ", store[^1]);
        // Passed: MODSEQ only (.SILENT). Failed: no answer of its own, but the other session's change is announced.
        Assert.Contains(store, l => Regex.IsMatch(l, @"^\* 1 FETCH \(MODSEQ \(\d+\)\)$"));
        Assert.Contains(store, l => Regex.IsMatch(l, @"^\* 3 FETCH \(MODSEQ \(\d+\)\)$"));
        Assert.Contains(store, l => Regex.IsMatch(l, @"^\* 2 FETCH \(UID 2 FLAGS \(\\Flagged \\Recent\) MODSEQ \(\d+\)\)$"));
        Assert.Equal(3, store.Count(l => l.Contains(" FETCH ", StringComparison.Ordinal)));
    }
}
