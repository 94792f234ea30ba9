using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3UidlTests
{
    [Fact]
    public void Format_is_uidvalidity_then_uid_in_hex()
    {
        Assert.Equal("0000000100000002", Pop3Uidl.Make(1, 2));
        Assert.Equal("ffffffffffffffff", Pop3Uidl.Make(uint.MaxValue, uint.MaxValue));
        Assert.Equal("5f3e2a1000bc614e", Pop3Uidl.Make(0x5f3e2a10, 12345678));
    }

    [Fact]
    public void Ids_are_printable_short_stable_and_unique()
    {
        var random = new Random(1939);
        var seen = new Dictionary<string, (uint, uint)>();
        for (int i = 0; i < 20_000; i++)
        {
            uint validity = (uint)random.Next(0, 4);
            uint uid = (uint)random.NextInt64(1, uint.MaxValue);
            string id = Pop3Uidl.Make(validity, uid);
            Assert.InRange(id.Length, 1, 70);
            Assert.All(id, c => Assert.InRange(c, '\x21', '\x7e'));
            Assert.Equal(id, Pop3Uidl.Make(validity, uid));
            if (seen.TryGetValue(id, out var previous))
            {
                Assert.Equal((validity, uid), previous);
            }

            seen[id] = (validity, uid);
            Assert.True(Pop3Uidl.TryParse(id, out var v, out var u));
            Assert.Equal((validity, uid), (v, u));
        }

        Assert.NotEqual(Pop3Uidl.Make(1, 2), Pop3Uidl.Make(2, 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("000000010000000")]
    [InlineData("00000001000000020")]
    [InlineData("000000010000000G")]
    [InlineData("000000010000000A")]
    public void TryParse_rejects_other_text(string id) =>
        Assert.False(Pop3Uidl.TryParse(id, out _, out _));
}
