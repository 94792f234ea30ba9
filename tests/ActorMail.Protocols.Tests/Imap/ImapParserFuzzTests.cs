using System.Text;
using ActorMail.Protocols.Imap;

namespace ActorMail.Protocols.Tests.Imap;

public class ImapParserFuzzTests
{
    private static readonly string[] Tokens =
    [
        "a1 ", "UID ", "FETCH ", "STORE ", "SEARCH ", "LIST ", "SELECT ", "APPEND ", "LOGIN ", "STATUS ", "CREATE ", "ID ", "ENABLE ",
        "1:*", "*", "0", "$", ",", ":", "(", ")", "[", "]", "<", ">", ".", " ", "\"", "\\", "{3}", "~{2}", "NIL", "BODY", "PEEK",
        "HEADER.FIELDS", "OR", "NOT", "RETURN", "CHARSET", "MODSEQ", "QRESYNC", "CONDSTORE", "&", "-", "+FLAGS", "\\Seen", "1-Jan-2020",
        "CHANGEDSINCE", "VANISHED", "USE", "\\Sent", "SPECIAL-USE", "STATUS", "MESSAGES", "9999999999999999999999",
    ];

    [Fact]
    public void Random_token_soup_never_throws()
    {
        var rng = new Random(99);
        for (int i = 0; i < 20000; i++)
        {
            var sb = new StringBuilder();
            int n = rng.Next(1, 14);
            for (int k = 0; k < n; k++) sb.Append(Tokens[rng.Next(Tokens.Length)]);
            var result = ImapParser.Parse(ImapFrame.FromLine(sb.ToString()));
            Assert.True(result.IsSuccess ^ result.Error is not null);
        }
    }

    [Fact]
    public void Random_bytes_with_literals_never_throw()
    {
        var rng = new Random(7);
        for (int i = 0; i < 5000; i++)
        {
            int lines = rng.Next(1, 4);
            var lineList = new List<byte[]>();
            var literals = new List<ImapLiteral>();
            for (int l = 0; l < lines; l++)
            {
                var bytes = new byte[rng.Next(0, 40)];
                rng.NextBytes(bytes);
                var text = (l == 0 ? "t " : "") + Encoding.Latin1.GetString(bytes);
                if (l < lines - 1) text += rng.Next(2) == 0 ? " {2}" : " ~{2}";
                lineList.Add(Encoding.Latin1.GetBytes(text));
                if (l < lines - 1) literals.Add(new ImapLiteral(new byte[] { (byte)rng.Next(256), (byte)'x' }, rng.Next(2) == 0));
            }
            _ = ImapParser.Parse(new ImapFrame(lineList, literals));
        }
    }
}
