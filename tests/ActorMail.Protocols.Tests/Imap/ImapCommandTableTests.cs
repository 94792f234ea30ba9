using ActorMail.Protocols.Imap;
using static ActorMail.Protocols.Tests.Imap.ImapTestSupport;

namespace ActorMail.Protocols.Tests.Imap;

public class ImapCommandTableTests
{
    // N = not authenticated, A = authenticated, S = selected.
    [Theory]
    [InlineData("CAPABILITY", "NAS")]
    [InlineData("NOOP", "NAS")]
    [InlineData("LOGOUT", "NAS")]
    [InlineData("ID", "NAS")]
    [InlineData("STARTTLS", "N")]
    [InlineData("AUTHENTICATE", "N")]
    [InlineData("LOGIN", "N")]
    [InlineData("ENABLE", "AS")]
    [InlineData("SELECT", "AS")]
    [InlineData("EXAMINE", "AS")]
    [InlineData("CREATE", "AS")]
    [InlineData("DELETE", "AS")]
    [InlineData("RENAME", "AS")]
    [InlineData("SUBSCRIBE", "AS")]
    [InlineData("UNSUBSCRIBE", "AS")]
    [InlineData("LIST", "AS")]
    [InlineData("LSUB", "AS")]
    [InlineData("NAMESPACE", "AS")]
    [InlineData("STATUS", "AS")]
    [InlineData("APPEND", "AS")]
    [InlineData("IDLE", "AS")]
    [InlineData("CHECK", "S")]
    [InlineData("CLOSE", "S")]
    [InlineData("UNSELECT", "S")]
    [InlineData("EXPUNGE", "S")]
    [InlineData("UID EXPUNGE", "S")]
    [InlineData("SEARCH", "S")]
    [InlineData("FETCH", "S")]
    [InlineData("STORE", "S")]
    [InlineData("COPY", "S")]
    [InlineData("MOVE", "S")]
    [InlineData("UID SEARCH", "S")]
    [InlineData("UID FETCH", "S")]
    [InlineData("UID STORE", "S")]
    [InlineData("UID COPY", "S")]
    [InlineData("UID MOVE", "S")]
    public void Legal_states(string name, string states)
    {
        Assert.Equal(states.Contains('N'), ImapCommandTable.IsAllowed(name, ImapState.NotAuthenticated));
        Assert.Equal(states.Contains('A'), ImapCommandTable.IsAllowed(name, ImapState.Authenticated));
        Assert.Equal(states.Contains('S'), ImapCommandTable.IsAllowed(name, ImapState.Selected));
        Assert.False(ImapCommandTable.IsAllowed(name, ImapState.Logout));
    }

    [Fact]
    public void Every_table_entry_is_tested_and_every_parsed_command_has_one()
    {
        Assert.Equal(36, ImapCommandTable.All.Count);
        Assert.NotNull(ImapCommandTable.For(Parse("a UID FETCH 1 FLAGS").Command!));
        Assert.NotNull(ImapCommandTable.For(Parse("a EXAMINE INBOX").Command!));
    }

    [Fact]
    public void Wrong_state_texts()
    {
        Assert.Null(ImapCommandTable.Check("FETCH", ImapState.Selected));
        Assert.Equal("No mailbox selected", ImapCommandTable.Check("FETCH", ImapState.Authenticated));
        Assert.Equal("Authenticate first", ImapCommandTable.Check("SELECT", ImapState.NotAuthenticated));
        Assert.Equal("Already authenticated", ImapCommandTable.Check("LOGIN", ImapState.Selected));
        Assert.Equal("Already authenticated", ImapCommandTable.Check("STARTTLS", ImapState.Authenticated));
        Assert.Equal("Logging out", ImapCommandTable.Check("NOOP", ImapState.Logout));
        Assert.Equal("Unknown command", ImapCommandTable.Check("XYZZY", ImapState.Selected));
    }

    [Fact]
    public void Pipelining_facts()
    {
        var fetch = ImapCommandTable.Find("FETCH")!;
        var uidFetch = ImapCommandTable.Find("UID FETCH")!;
        var expunge = ImapCommandTable.Find("EXPUNGE")!;
        var move = ImapCommandTable.Find("MOVE")!;
        Assert.True(fetch.UsesSequenceNumbers);
        Assert.False(fetch.AllowsExpungeResponses);
        Assert.False(uidFetch.UsesSequenceNumbers);
        Assert.True(uidFetch.AllowsExpungeResponses);
        Assert.True(expunge.BreaksSequenceNumbers);
        Assert.True(move.UsesSequenceNumbers && move.BreaksSequenceNumbers);
        Assert.False(ImapCommandTable.Find("STORE")!.AllowsExpungeResponses);
        Assert.False(ImapCommandTable.Find("SEARCH")!.AllowsExpungeResponses);
        Assert.True(ImapCommandTable.MustWait(expunge, fetch));
        Assert.True(ImapCommandTable.MustWait(fetch, expunge));
        Assert.False(ImapCommandTable.MustWait(expunge, uidFetch));
        Assert.False(ImapCommandTable.MustWait(fetch, ImapCommandTable.Find("STORE")!));
    }
}
