using System.Reflection;
using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3RepliesTests
{
    [Fact]
    public void Renders_status_code_and_text()
    {
        Assert.Equal("+OK ActorMail POP3 ready\r\n", Pop3Replies.Greeting.Render());
        Assert.Equal("+OK\r\n", Pop3Replies.Done.Render());
        Assert.Equal("-ERR [AUTH] Authentication failed\r\n", Pop3Replies.AuthFailed.Render());
        Assert.Equal("-ERR [IN-USE] Mailbox is locked by another session\r\n", Pop3Replies.InUse.Render());
        Assert.Equal("-ERR [SYS/TEMP] Temporary server failure, try again later\r\n", Pop3Replies.TemporaryFailure.Render());
        Assert.Equal("-ERR [SYS/PERM] Service not available\r\n", Pop3Replies.PermanentFailure.Render());
        Assert.Equal("-ERR Unknown command\r\n", Pop3Replies.UnknownCommand.Render());
        Assert.Equal("+ \r\n", Pop3Replies.AuthContinuation);
        Assert.Equal("-ERR Line too long\r\n"u8.ToArray(), Pop3Replies.LineTooLong.ToBytes());
    }

    [Fact]
    public void Stat_and_list_entries_have_the_exact_rfc_form()
    {
        Assert.Equal("+OK 2 320\r\n", Pop3Replies.Stat(2, 320).Render());
        Assert.Equal("+OK 1 120\r\n", Pop3Replies.ListEntry(1, 120).Render());
        Assert.Equal("+OK 1 0000000100000002\r\n", Pop3Replies.UidlEntry(1, Pop3Uidl.Make(1, 2)).Render());
        Assert.Equal("+OK 120 octets\r\n", Pop3Replies.RetrFollows(120).Render());
    }

    [Fact]
    public void Greeting_has_no_apop_timestamp() =>
        Assert.DoesNotContain("<", Pop3Replies.Greeting.Render());

    [Fact]
    public void Every_catalog_reply_is_one_printable_line()
    {
        var replies = typeof(Pop3Replies)
            .GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(Pop3Reply))
            .Select(p => (Pop3Reply)p.GetValue(null)!)
            .ToList();
        Assert.True(replies.Count > 20);
        foreach (var reply in replies)
        {
            string line = reply.Render();
            Assert.Matches(@"^(\+OK|-ERR)( \[[A-Z/-]+\])?( [ -~]+)?\r\n$", line);
            Assert.True(line.Length <= 512);
        }
    }
}
