using System.Text;
using System.Text.RegularExpressions;
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

    [Fact]
    public async Task Messages_over_the_decoded_search_limit_are_scanned_raw_and_still_found()
    {
        await using var node = await StartAsync();
        // Above the 16 MiB up to which SEARCH parses and decodes MIME: these three are scanned as raw bytes.
        const int bodySize = 17 * 1024 * 1024;
        // 1: the word straddles a 64 KiB boundary of the body (where a chunked scan must carry bytes over).
        await DeliverAsync(node, Alice, Large("giant one", bodySize, ("Needleword", 200 * 64 * 1024 - 4)));
        // 2: the word only in its header.
        await DeliverAsync(node, Alice, Large("giant two needleword", bodySize));
        // 3: a small message, decoded as usual.
        await DeliverAsync(node, Alice, Raw(Header("small", "Content-Type: text/plain\n\n") + "a needleword here\n"));
        // 4: the word near the very end of a large body.
        await DeliverAsync(node, Alice, Large("giant four", bodySize, ("NEEDLEWORD", bodySize - 20)));

        await using var imap = await RawImap.OpenAsync(node, Alice);
        var sizes = await imap.OkAsync("FETCH 1:4 (RFC822.SIZE)");
        Assert.Equal(3, sizes.Count(l => Regex.Match(l, @"RFC822\.SIZE (\d+)") is { Success: true } m && long.Parse(m.Groups[1].Value) > 16 * 1024 * 1024));

        Assert.Contains("* SEARCH 1 3 4", await imap.OkAsync("SEARCH BODY needleword"));
        Assert.Contains("* SEARCH 1 2 3 4", await imap.OkAsync("SEARCH TEXT NeedleWord"));
        Assert.Contains("* SEARCH 1 4", await imap.OkAsync("UID SEARCH NOT SUBJECT small BODY needleword"));
        // A word in none of them: every large body is read to its end, and the search still completes.
        Assert.Contains("* SEARCH", await imap.OkAsync("SEARCH BODY absentword"));
        Assert.Contains("* SEARCH", await imap.OkAsync("SEARCH TEXT absentword"));
    }

    /// <summary>A 7bit text/plain message with a body of <paramref name="bodySize"/> bytes, a word placed at a body offset.</summary>
    private static byte[] Large(string subject, int bodySize, (string Word, int At)? word = null)
    {
        var header = Raw(Header(subject, "Content-Type: text/plain; charset=us-ascii\n\n"));
        var bytes = new byte[header.Length + bodySize];
        header.CopyTo(bytes, 0);
        var line = Encoding.ASCII.GetBytes("filler text of a very large message, line after line\r\n");
        for (int at = header.Length; at < bytes.Length; at += line.Length)
        {
            line.AsSpan(0, Math.Min(line.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
        }

        if (word is { } w) Encoding.ASCII.GetBytes(" " + w.Word + " ").CopyTo(bytes, header.Length + w.At - 1);
        return bytes;
    }
}
