using ActorMail.Core;

namespace ActorMail.Mailboxes.Tests.Core;

public class UidSetTests
{
    [Theory]
    [InlineData("1:*", 10u, "1:10")]
    [InlineData("3,5:7", 10u, "3,5:7")]
    [InlineData("*:1", 10u, "1:10")]
    [InlineData("7:5", 10u, "5:7")]
    [InlineData("1,2,3,5", 10u, "1:3,5")]
    [InlineData("5:7,1:6", 10u, "1:7")]
    [InlineData("20:*", 10u, "10:20")]
    [InlineData("*", 10u, "10")]
    [InlineData("4294967295", 0u, "4294967295")]
    [InlineData("1:*", 0u, "1")]
    [InlineData("3:*,8", 0u, "1:3,8")]
    public void Parse_resolves_star_and_normalises(string text, uint max, string expected)
    {
        Assert.True(UidSet.TryParse(text, max, out var set));
        Assert.Equal(expected, set.ToString());
        Assert.Equal(set, UidSet.Parse(set.ToString(), max));
    }

    [Fact]
    public void Bare_star_on_an_empty_folder_is_empty()
    {
        Assert.True(UidSet.TryParse("*", 0, out var set));
        Assert.True(set.IsEmpty);
        Assert.Equal("", set.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("1:0")]
    [InlineData("0:*")]
    [InlineData("01")]
    [InlineData("1,")]
    [InlineData(",1")]
    [InlineData("1,,2")]
    [InlineData("1::2")]
    [InlineData("1:2:3")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("a")]
    [InlineData("$")]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("99999999999999999999")]
    [InlineData("**")]
    public void Malformed_input_is_rejected(string? text)
    {
        Assert.False(UidSet.TryParse(text, 10, out var set));
        Assert.True(set.IsEmpty);
        Assert.Throws<FormatException>(() => UidSet.Parse(text ?? "", 10));
    }

    [Fact]
    public void The_widest_range_is_two_numbers()
    {
        var set = UidSet.Parse("1:4294967295", 5);
        Assert.Single(set.Ranges);
        Assert.Equal(4294967295L, set.Count);
        Assert.True(set.Contains(1));
        Assert.True(set.Contains(uint.MaxValue));
        Assert.False(set.Contains(0));
        Assert.Equal(1u, set.Min);
        Assert.Equal(uint.MaxValue, set.Max);
        var adjacent = UidSet.Parse("4294967295,1:4294967294", 5);
        Assert.Equal(set, adjacent);
    }

    [Fact]
    public void Contains_and_count_follow_the_ranges()
    {
        var set = UidSet.Parse("2:4,10,20:21", 0);
        Assert.Equal(6, set.Count);
        foreach (uint u in new uint[] { 2, 3, 4, 10, 20, 21 }) Assert.True(set.Contains(u), u.ToString());
        foreach (uint u in new uint[] { 1, 5, 9, 11, 19, 22 }) Assert.False(set.Contains(u), u.ToString());
        Assert.Equal([new UidRange(2, 4), new UidRange(10, 10), new UidRange(20, 21)], set.Ranges);
    }

    [Fact]
    public void Intersect_with_sorted_uids_keeps_members_in_order()
    {
        var set = UidSet.Parse("2:4,10,20:*", 100);
        Assert.Equal([2u, 3u, 10u, 25u, 100u], set.Intersect(new uint[] { 1, 2, 3, 5, 9, 10, 11, 25, 100 }));
        Assert.Empty(UidSet.Empty.Intersect(new uint[] { 1, 2 }));
        Assert.Empty(set.Intersect(Array.Empty<uint>()));
    }

    [Fact]
    public void Set_operations_stay_normalised()
    {
        var a = UidSet.Parse("1:10,20:30", 0);
        var b = UidSet.Parse("5:25,40", 0);
        Assert.Equal("5:10,20:25", a.Intersect(b).ToString());
        Assert.Equal("1:30,40", a.Union(b).ToString());
        Assert.True(a.Intersect(UidSet.Empty).IsEmpty);
        Assert.Equal(a, a.Union(UidSet.Empty));
    }

    [Fact]
    public void FromUids_sorts_merges_and_rejects_zero()
    {
        Assert.Equal("1:3,7,9:10", UidSet.FromUids([9, 3, 1, 2, 10, 7, 3]).ToString());
        Assert.True(UidSet.FromUids([]).IsEmpty);
        Assert.Equal("4294967295", UidSet.FromUids([uint.MaxValue, uint.MaxValue]).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => UidSet.FromUids([0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => UidSet.FromRange(0, 4));
        Assert.Equal("2:5", UidSet.FromRange(5, 2).ToString());
        Assert.Equal("1:4,8", UidSet.FromRanges([new UidRange(3, 4), new UidRange(8, 8), new UidRange(1, 2)]).ToString());
    }

    [Fact]
    public void Equal_sets_have_equal_hashes()
    {
        var a = UidSet.Parse("1,2,3", 0);
        var b = UidSet.Parse("1:3", 0);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, UidSet.Parse("1:4", 0));
    }
}
