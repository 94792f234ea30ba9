using System.Text;
using MailKit;
using MailKit.Search;
using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>SEARCH BODY and TEXT over MailKit match the decoded text of text parts (RFC 3501 §6.4.4).</summary>
public sealed class ImapSearchTextTests
{
    private static byte[] Raw(string text, Encoding? encoding = null) => (encoding ?? Encoding.ASCII).GetBytes(text.ReplaceLineEndings("\r\n"));

    private static string Header(string subject, string contentHeaders) =>
        $"From: bob@example.org\nTo: {Alice}\nSubject: {subject}\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nMIME-Version: 1.0\n{contentHeaders}";

    private static string Base64(string text, Encoding encoding) =>
        Convert.ToBase64String(encoding.GetBytes(text), Base64FormattingOptions.InsertLineBreaks);

    [Fact]
    public async Task Body_and_text_match_decoded_base64_and_quoted_printable_in_utf8_and_latin1()
    {
        await using var node = await StartAsync();
        var latin1 = Encoding.Latin1;
        // 1: base64, UTF-8.
        await DeliverAsync(node, Alice, Raw(Header("b64 utf8", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n")
            + Base64("Grüße aus München: the quarterly figures are attached.\n", Encoding.UTF8) + "\n"));
        // 2: base64, ISO-8859-1.
        await DeliverAsync(node, Alice, Raw(Header("b64 latin1", "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n")
            + Base64("Ça et là, une crème brûlée.\n", latin1) + "\n"));
        // 3: quoted-printable, ISO-8859-1, with a word split by a soft line break.
        await DeliverAsync(node, Alice, Raw(Header("qp latin1", "Content-Type: text/plain; charset=\"ISO-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n")
            + "D=E9j=E0 vu: the supercali=\nfragilistic word.\n"));
        // 4: quoted-printable, UTF-8.
        await DeliverAsync(node, Alice, Raw(Header("qp utf8", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n")
            + "Stra=C3=9Fe und Sch=C3=B6nheit, = =C3=A9t=C3=A9.\n"));
        // 5: multipart with a base64 text part and a base64 attachment.
        await DeliverAsync(node, Alice, Raw(Header("multipart", "Content-Type: multipart/mixed; boundary=\"BB\"\n\n")
            + "--BB\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + Base64("Please review the forecast before Friday.\n", Encoding.UTF8)
            + "\n--BB\nContent-Type: application/pdf; name=\"budget-2026.pdf\"\nContent-Disposition: attachment; filename=\"budget-2026.pdf\"\nContent-Transfer-Encoding: base64\n\n"
            + Base64("%PDF-1.4 binary forecast zeppelin", Encoding.ASCII) + "\n--BB--\n"));

        using var client = await LoginAsync(node);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);

        async Task<string> Search(SearchQuery query) => string.Join(",", (await inbox.SearchAsync(query)).Select(u => u.Id).Order());

        Assert.Equal("1", await Search(SearchQuery.BodyContains("MÜNCHEN")));
        Assert.Equal("1", await Search(SearchQuery.BodyContains("quarterly figures")));
        Assert.Equal("2", await Search(SearchQuery.BodyContains("crème BRÛLÉE")));
        Assert.Equal("2", await Search(SearchQuery.BodyContains("ça et là")));
        Assert.Equal("3", await Search(SearchQuery.BodyContains("déjà vu")));
        Assert.Equal("3", await Search(SearchQuery.BodyContains("supercalifragilistic")));
        Assert.Equal("4", await Search(SearchQuery.BodyContains("straße und schönheit")));
        Assert.Equal("4", await Search(SearchQuery.BodyContains("été")));
        Assert.Equal("5", await Search(SearchQuery.BodyContains("forecast before friday")));

        // The encoded form is no longer what is searched.
        var encodedWord = Base64("Grüße aus München", Encoding.UTF8)[..12];
        Assert.Equal("", await Search(SearchQuery.BodyContains(encodedWord)));
        Assert.Equal("", await Search(SearchQuery.BodyContains("supercali=")));

        // Attachments are not text: BODY does not look inside; TEXT finds the file name in the part headers.
        Assert.Equal("", await Search(SearchQuery.BodyContains("zeppelin")));
        Assert.Equal("", await Search(SearchQuery.BodyContains("budget-2026")));
        Assert.Equal("5", await Search(SearchQuery.MessageContains("budget-2026")));
        Assert.Equal("5", await Search(SearchQuery.MessageContains("Forecast")));
        // TEXT covers the top-level header and the decoded text.
        Assert.Equal("3", await Search(SearchQuery.MessageContains("qp latin1")));
        Assert.Equal("1", await Search(SearchQuery.MessageContains("münchen")));
        Assert.Equal("1,2,3,4,5", await Search(SearchQuery.MessageContains("bob@example.org")));
    }

    [Fact]
    public async Task Malformed_mime_never_fails_the_search()
    {
        await using var node = await StartAsync();
        // Broken base64, a multipart whose boundary never comes, an unknown charset and a nonsense encoding.
        await DeliverAsync(node, Alice, Raw(Header("bad b64", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n")
            + "!!!not*base64@@@ plainword\n"));
        await DeliverAsync(node, Alice, Raw(Header("no end", "Content-Type: multipart/mixed; boundary=\"NEVER\"\n\n")
            + "--NEVER\nContent-Type: text/plain\n\nunterminated findme part\n"));
        await DeliverAsync(node, Alice, Raw(Header("odd charset", "Content-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: x-unknown\n\n")
            + "odd charset text findme\n"));
        await DeliverAsync(node, Alice, Raw("no header separator at all findme"));

        using var client = await LoginAsync(node);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var found = (await client.Inbox.SearchAsync(SearchQuery.BodyContains("findme"))).Select(u => u.Id).ToArray();
        Assert.Contains(2u, found);
        Assert.Contains(3u, found);
        Assert.DoesNotContain(1u, found);
        Assert.Equal(4, (await client.Inbox.SearchAsync(SearchQuery.Not(SearchQuery.MessageContains("nothing-like-this")))).Count);
    }
}
