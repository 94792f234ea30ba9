using ActorMail.Protocols.Imap;

namespace ActorMail.Protocols.Tests.Imap;

public class ModifiedUtf7Tests
{
    [Theory]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    [InlineData("Entwürfe", "Entw&APw-rfe")]
    [InlineData("Tom & Jerry", "Tom &- Jerry")]
    [InlineData("INBOX", "INBOX")]
    [InlineData("", "")]
    [InlineData("😀", "&2D3eAA-")]
    [InlineData("a\tb", "a&AAk-b")]
    [InlineData("Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-")]
    public void Round_trips(string unicode, string encoded)
    {
        Assert.Equal(encoded, ModifiedUtf7.Encode(unicode));
        Assert.True(ModifiedUtf7.TryDecode(encoded, out var decoded));
        Assert.Equal(unicode, decoded);
    }

    [Theory]
    [InlineData("&Jjo!")]        // not closed, bad base64
    [InlineData("&U,BTFw")]      // not closed
    [InlineData("&-&")]          // dangling &
    [InlineData("&AGE-")]        // encodes printable "a"
    [InlineData("&ACY-")]        // encodes "&"
    [InlineData("&U,BTFx-")]     // non-zero padding bits
    [InlineData("&U,BTFwA-")]    // excess base64 character
    [InlineData("&2D0-")]        // lone high surrogate
    [InlineData("&3gA-")]        // lone low surrogate
    [InlineData("&U,A-&ZeU-")]   // adjacent encoded runs
    [InlineData("a/b\u00fc")]    // raw 8-bit
    [InlineData("a\u0001b")]     // raw control
    [InlineData("&/wA-")]        // "/" is not in the modified alphabet
    public void Invalid_inputs_fail(string encoded)
    {
        Assert.False(ModifiedUtf7.TryDecode(encoded, out _));
        Assert.Throws<FormatException>(() => ModifiedUtf7.Decode(encoded));
    }

    [Theory]
    [InlineData("&-", "&")]
    [InlineData("&U,BTFw--", "台北-")]
    [InlineData("&U,BTFw-&-", "台北&")]
    public void Edge_cases_that_are_valid(string encoded, string expected) =>
        Assert.Equal(expected, ModifiedUtf7.Decode(encoded));

    [Fact]
    public void Random_strings_round_trip()
    {
        var rng = new Random(17);
        for (int i = 0; i < 500; i++)
        {
            var chars = new char[rng.Next(0, 12)];
            for (int j = 0; j < chars.Length; j++)
            {
                int pick = rng.Next(4);
                chars[j] = pick switch
                {
                    0 => (char)rng.Next(0x20, 0x7f),
                    1 => (char)rng.Next(0x80, 0xd800),
                    2 => '&',
                    _ => (char)rng.Next(0xe000, 0xfffe),
                };
            }
            var s = new string(chars);
            var encoded = ModifiedUtf7.Encode(s);
            Assert.True(ModifiedUtf7.TryDecode(encoded, out var back), encoded);
            Assert.Equal(s, back);
        }
    }

    [Theory]
    [InlineData("Work/Projects", null)]
    [InlineData("", "Empty mailbox name")]
    [InlineData("a//b", "Empty hierarchy level in mailbox name")]
    [InlineData("/a", "Empty hierarchy level in mailbox name")]
    [InlineData("a/", "Empty hierarchy level in mailbox name")]
    [InlineData("a/../b", "Relative hierarchy level in mailbox name")]
    [InlineData("..", "Relative hierarchy level in mailbox name")]
    [InlineData("a\u0000b", "Control character in mailbox name")]
    [InlineData("a\u007fb", "Control character in mailbox name")]
    [InlineData("news*", "Wildcard in mailbox name")]
    [InlineData("news%", "Wildcard in mailbox name")]
    public void New_names_are_checked(string name, string? reason) =>
        Assert.Equal(reason, ImapMailboxName.CheckNewName(name));

    [Fact]
    public void Inbox_is_case_insensitive()
    {
        Assert.Equal("INBOX", ImapMailboxName.Normalize("inbox"));
        Assert.Equal("INBOX/Sub", ImapMailboxName.Normalize("InBox/Sub"));
        Assert.Equal("Inboxes", ImapMailboxName.Normalize("Inboxes"));
        Assert.Null(ImapMailboxName.CheckNewName(new string('x', 255)));
        Assert.Equal("Mailbox name too long", ImapMailboxName.CheckNewName(new string('x', 256)));
    }
}
