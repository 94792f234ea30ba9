using System.Text.RegularExpressions;
using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>CONDSTORE and QRESYNC over a raw socket: CHANGEDSINCE with VANISHED, SELECT (QRESYNC ...).</summary>
public sealed class ImapResyncTests
{
    [Fact]
    public async Task Changedsince_with_vanished_and_qresync_select_report_only_what_changed()
    {
        await using var node = await StartAsync();
        for (int i = 1; i <= 4; i++) await DeliverAsync(node, Alice, Message("m" + i));
        await using var raw = await RawImap.OpenAsync(node, Alice, folder: null);
        await raw.OkAsync("ENABLE QRESYNC");
        var select = await raw.OkAsync("SELECT INBOX");
        uint validity = uint.Parse(Regex.Match(string.Join("\n", select), @"UIDVALIDITY (\d+)").Groups[1].Value);
        ulong modseq = ulong.Parse(Regex.Match(string.Join("\n", select), @"HIGHESTMODSEQ (\d+)").Groups[1].Value);

        // Another session changes flags of UID 3 and expunges UID 2.
        await using (var other = await RawImap.OpenAsync(node, Alice))
        {
            await other.OkAsync("UID STORE 3 +FLAGS (\\Flagged)");
            await other.OkAsync("UID STORE 2 +FLAGS (\\Deleted)");
            await other.OkAsync("UID EXPUNGE 2");
        }

        var fetch = await raw.OkAsync($"UID FETCH 1:* (FLAGS) (CHANGEDSINCE {modseq} VANISHED)");
        Assert.Contains("* VANISHED (EARLIER) 2", fetch);
        Assert.Contains(fetch, l => Regex.IsMatch(l, @"^\* 3 FETCH \(UID 3 FLAGS \(\\Flagged \\Recent\) MODSEQ \(\d+\)\)$"));
        Assert.DoesNotContain(fetch, l => l.Contains("UID 1 ", StringComparison.Ordinal) || l.Contains("UID 4 ", StringComparison.Ordinal));
        // UID FETCH may carry the live VANISHED as well (after the data, whose numbers it then changes).
        Assert.Contains("* VANISHED 2", fetch);
        Assert.Equal(["t5 OK Completed"], await raw.OkAsync("NOOP"));

        await raw.OkAsync("UNSELECT");
        var resync = await raw.OkAsync($"SELECT INBOX (QRESYNC ({validity} {modseq} 1:4))");
        Assert.Contains("* VANISHED (EARLIER) 2", resync);
        Assert.Contains(resync, l => l.StartsWith("* 2 FETCH (UID 3 FLAGS (\\Flagged", StringComparison.Ordinal));
        Assert.Contains("* 3 EXISTS", resync);

        // A wrong UIDVALIDITY gives a plain SELECT.
        resync = await raw.OkAsync($"SELECT INBOX (QRESYNC ({validity + 1} {modseq}))");
        Assert.DoesNotContain(resync, l => l.Contains("VANISHED", StringComparison.Ordinal) || l.Contains("FETCH", StringComparison.Ordinal));
        Assert.Contains("* OK [CLOSED] Previous mailbox closed", resync);
    }
}
