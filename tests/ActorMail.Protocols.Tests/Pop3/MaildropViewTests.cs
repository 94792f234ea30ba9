using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class MaildropViewTests
{
    private static MaildropView Sample() =>
        new(7, [new MaildropEntry(10, 100), new MaildropEntry(11, 200), new MaildropEntry(15, 300)]);

    [Fact]
    public void Numbers_follow_the_snapshot_order()
    {
        var view = Sample();
        Assert.Equal(3, view.HighestNumber);
        Assert.Equal(3, view.MessageCount);
        Assert.Equal(600, view.TotalOctets);
        Assert.True(view.TryGet(2, out var message, out var error));
        Assert.Null(error);
        Assert.Equal(new MaildropMessage(2, 11, 200), message);
        Assert.Equal("000000070000000b", view.UniqueId(message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    public void Out_of_range_numbers_are_no_such_message(int number)
    {
        var view = Sample();
        Assert.False(view.TryGet(number, out _, out var error));
        Assert.Same(Pop3Replies.NoSuchMessage, error);
        Assert.Same(Pop3Replies.NoSuchMessage, view.Delete(number));
        Assert.False(view.HasDeletions);
    }

    [Fact]
    public void Dele_marks_without_renumbering_and_excludes_from_stat_and_list()
    {
        var view = Sample();
        Assert.Same(Pop3Replies.Deleted, view.Delete(2));
        Assert.Same(Pop3Replies.MessageDeleted, view.Delete(2));
        Assert.False(view.TryGet(2, out _, out var error));
        Assert.Same(Pop3Replies.MessageDeleted, error);

        Assert.Equal(2, view.MessageCount);
        Assert.Equal(400, view.TotalOctets);
        Assert.Equal(3, view.HighestNumber);
        Assert.Equal([1, 3], view.Messages.Select(m => m.Number));
        Assert.True(view.TryGet(3, out var third, out _));
        Assert.Equal(15u, third.Uid);
        Assert.Equal([11u], view.DeletedUids);
    }

    [Fact]
    public void Rset_clears_every_mark()
    {
        var view = Sample();
        view.Delete(1);
        view.Delete(3);
        Assert.Equal([10u, 15u], view.DeletedUids);
        view.Reset();
        Assert.False(view.HasDeletions);
        Assert.Empty(view.DeletedUids);
        Assert.Equal(3, view.MessageCount);
        Assert.Equal(600, view.TotalOctets);
        Assert.Same(Pop3Replies.Deleted, view.Delete(3));
    }

    [Fact]
    public void Empty_maildrop()
    {
        var view = new MaildropView(1, []);
        Assert.Equal(0, view.MessageCount);
        Assert.Equal(0, view.TotalOctets);
        Assert.Empty(view.Messages);
        Assert.Same(Pop3Replies.NoSuchMessage, view.Delete(1));
    }

    [Fact]
    public void Rejects_duplicate_uids_and_negative_sizes()
    {
        Assert.Throws<ArgumentException>(() => new MaildropView(1, [new MaildropEntry(1, 1), new MaildropEntry(1, 2)]));
        Assert.Throws<ArgumentException>(() => new MaildropView(1, [new MaildropEntry(1, -1)]));
    }
}
