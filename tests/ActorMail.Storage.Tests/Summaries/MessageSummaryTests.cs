using System.Text;
using ActorMail.Storage.Summaries;

namespace ActorMail.Storage.Tests.Summaries;

public sealed class MessageSummaryTests
{
    private static byte[] Crlf(string text) => Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    private static string Slice(byte[] blob, long from, long to) => Encoding.UTF8.GetString(blob, (int)from, (int)(to - from));

    private const string Simple = """
        Date: Mon, 6 Jan 2025 10:00:00 +0000
        From: "Alice Example" <alice@example.org>
        Sender: <@relay.example,@hop.example:bob@example.net>
        To: carol@example.com, Friends: dave@example.com, erin@example.com;
        Cc: undisclosed-recipients:;
        Subject: Hello
         folded world
        Message-ID: <m1@example.org>
        In-Reply-To: <m0@example.org>

        Line one
        Line two

        """;

    [Fact]
    public void Simple_message_gives_envelope_size_and_body_offsets()
    {
        var blob = Crlf(Simple);

        var s = MessageSummary.Compute(blob);

        Assert.Equal(blob.Length, s.Size);
        Assert.Equal("Line one\r\nLine two\r\n", Slice(blob, s.BodyOffset, blob.Length));
        var e = s.Envelope;
        Assert.Equal("Mon, 6 Jan 2025 10:00:00 +0000", e.Date);
        Assert.Equal("Hello folded world", e.Subject);
        Assert.Equal("<m1@example.org>", e.MessageId);
        Assert.Equal("<m0@example.org>", e.InReplyTo);
        Assert.Equal(new SummaryAddress("Alice Example", null, "alice@example.org".Split('@')[0], "example.org"), Assert.Single(e.From));
        Assert.Equal(new SummaryAddress(null, "@relay.example,@hop.example", "bob", "example.net"), Assert.Single(e.Sender));
        Assert.Empty(e.ReplyTo);
        Assert.Empty(e.Bcc);
        Assert.Collection(
            e.To,
            a => Assert.Equal(new SummaryAddress(null, null, "carol", "example.com"), a),
            a => Assert.True(a.IsGroupStart && a.Mailbox == "Friends"),
            a => Assert.Equal("dave", a.Mailbox),
            a => Assert.Equal("erin", a.Mailbox),
            a => Assert.True(a.IsGroupEnd));
        Assert.Collection(e.Cc, a => Assert.Equal("undisclosed-recipients", a.Mailbox), a => Assert.True(a.IsGroupEnd));

        var body = s.Body;
        Assert.Equal(("text", "plain"), (body.MediaType, body.MediaSubtype));
        Assert.Equal(0, body.HeaderStart);
        Assert.Equal(s.BodyOffset, body.BodyStart);
        Assert.Equal(blob.Length, body.End);
        Assert.Equal(blob.Length - s.BodyOffset, body.Size);
        Assert.Equal(2, body.Lines);
        Assert.Null(body.ContentTransferEncoding);
        Assert.Empty(body.Children);
    }

    [Fact]
    public void Encoded_words_stay_raw_in_subject_and_names()
    {
        var blob = Crlf("""
            From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.de>
            To: =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>
            Subject: =?UTF-8?B?w4RwZmVs?=
             =?UTF-8?B?IHVuZCBCaXJuZW4=?=

            body

            """);

        var s = MessageSummary.Compute(blob);

        Assert.Equal("=?UTF-8?B?w4RwZmVs?= =?UTF-8?B?IHVuZCBCaXJuZW4=?=", s.Envelope.Subject);
        var from = Assert.Single(s.Envelope.From);
        Assert.StartsWith("=?", from.Name);
        Assert.Equal("Jörg", MimeKit.Utils.Rfc2047.DecodePhrase(Encoding.ASCII.GetBytes(from.Name!)));
        Assert.Equal("André", MimeKit.Utils.Rfc2047.DecodePhrase(Encoding.ASCII.GetBytes(Assert.Single(s.Envelope.To).Name!)));
    }

    private const string Mixed = """
        From: a@example.org
        Subject: report
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        This is a preamble.
        --outer
        Content-Type: multipart/alternative; boundary=inner

        --inner
        Content-Type: text/plain; charset=utf-8; format=flowed
        Content-Transfer-Encoding: quoted-printable

        Plain text =C3=A9
        second line
        --inner
        Content-Type: text/html; charset=utf-8
        Content-Language: en, fr

        <p>Hi</p>
        --inner--
        --outer
        Content-Type: application/pdf; name="r.pdf"
        Content-Disposition: attachment; filename="r.pdf"; size=4
        Content-Transfer-Encoding: base64
        Content-ID: <att1@example.org>
        Content-Description: The report
        Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
        Content-Location: http://example.org/r.pdf

        JVBERg==
        --outer--
        epilogue

        """;

    [Fact]
    public void Multipart_alternative_with_attachment_gives_the_part_tree_and_offsets()
    {
        var blob = Crlf(Mixed);

        var s = MessageSummary.Compute(blob);

        var root = s.Body;
        Assert.True(root.IsMultipart);
        Assert.Equal("mixed", root.MediaSubtype);
        Assert.Equal([new KeyValuePair<string, string>("boundary", "outer")], root.Parameters);
        Assert.Equal(2, root.Children.Count);

        var alternative = root.Children[0];
        Assert.Equal("alternative", alternative.MediaSubtype);
        var plain = alternative.Children[0];
        Assert.Equal(
            [new KeyValuePair<string, string>("charset", "utf-8"), new KeyValuePair<string, string>("format", "flowed")],
            plain.Parameters);
        Assert.Equal("quoted-printable", plain.ContentTransferEncoding);
        Assert.Equal("Plain text =C3=A9\r\nsecond line", Slice(blob, plain.BodyStart, plain.End));
        Assert.Equal(plain.End - plain.BodyStart, plain.Size);
        Assert.Equal(2, plain.Lines);
        Assert.StartsWith("Content-Type: text/plain", Slice(blob, plain.HeaderStart, plain.BodyStart));
        Assert.EndsWith("quoted-printable\r\n\r\n", Slice(blob, plain.HeaderStart, plain.BodyStart));
        var html = alternative.Children[1];
        Assert.Equal("<p>Hi</p>", Slice(blob, html.BodyStart, html.End));
        Assert.Equal(["en", "fr"], html.Languages);

        var pdf = root.Children[1];
        Assert.Equal(("application", "pdf"), (pdf.MediaType, pdf.MediaSubtype));
        Assert.Equal("attachment", pdf.Disposition);
        Assert.Equal(
            [new KeyValuePair<string, string>("filename", "r.pdf"), new KeyValuePair<string, string>("size", "4")],
            pdf.DispositionParameters);
        Assert.Equal("base64", pdf.ContentTransferEncoding);
        Assert.Equal("<att1@example.org>", pdf.ContentId);
        Assert.Equal("The report", pdf.ContentDescription);
        Assert.Equal("Q2hlY2sgSW50ZWdyaXR5IQ==", pdf.ContentMd5);
        Assert.Equal("http://example.org/r.pdf", pdf.Location);
        Assert.Null(pdf.Lines);
        Assert.Equal("JVBERg==", Slice(blob, pdf.BodyStart, pdf.End));
        Assert.Equal(8, pdf.Size);
    }

    [Fact]
    public void Nested_message_has_its_own_envelope_and_tree()
    {
        var blob = Crlf("""
            From: outer@example.org
            Subject: Fwd: inner
            Content-Type: multipart/mixed; boundary=b1

            --b1
            Content-Type: text/plain

            see attached
            --b1
            Content-Type: message/rfc822

            From: inner@example.net
            Subject: inner
            Message-ID: <inner@example.net>
            Content-Type: multipart/alternative; boundary=b2

            --b2
            Content-Type: text/plain

            inner text
            --b2--
            --b1--

            """);

        var s = MessageSummary.Compute(blob);

        var rfc822 = s.Body.Children[1];
        Assert.Equal(("message", "rfc822"), (rfc822.MediaType, rfc822.MediaSubtype));
        Assert.NotNull(rfc822.Envelope);
        Assert.Equal("inner", rfc822.Envelope.Subject);
        Assert.Equal("<inner@example.net>", rfc822.Envelope.MessageId);
        Assert.Equal("inner", Assert.Single(rfc822.Envelope.From).Mailbox);
        Assert.NotNull(rfc822.Message);
        Assert.Equal(rfc822.BodyStart, rfc822.Message.HeaderStart);
        Assert.StartsWith("From: inner@example.net", Slice(blob, rfc822.BodyStart, rfc822.End));
        Assert.Equal("alternative", rfc822.Message.MediaSubtype);
        Assert.Equal("inner text", Slice(blob, rfc822.Message.Children[0].BodyStart, rfc822.Message.Children[0].End));
        Assert.True(rfc822.Lines > 5);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no header here at all, just words")]
    [InlineData("\r\n\r\nbody after an empty header")]
    [InlineData("Subject: x\r\nContent-Type: multipart/mixed\r\n\r\nno boundary parameter\r\n")]
    [InlineData("Subject: x\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nnever closed")]
    [InlineData("From: <<<@@@>>>\r\nTo: ,,,;;;\r\nDate: not a date\r\nContent-Type: ///\r\nContent-Transfer-Encoding: \u00ff\u00fe\r\n\r\nx")]
    [InlineData("Subject: x\r\nContent-Type: message/rfc822\r\n\r\n")]
    public void Malformed_input_never_throws_and_covers_the_whole_blob(string text)
    {
        var blob = Encoding.Latin1.GetBytes(text);

        var s = MessageSummary.Compute(blob);

        Assert.Equal(blob.Length, s.Size);
        Assert.InRange(s.BodyOffset, 0, blob.Length);
        Assert.InRange(s.Body.End, 0, blob.Length);
        var again = MessageSummary.Deserialize(s.Serialize());
        Assert.Equal(s.Serialize(), again.Serialize());
    }

    [Fact]
    public void Unparseable_input_becomes_one_text_part_over_everything()
    {
        var blob = Encoding.ASCII.GetBytes("no header here\nsecond line");

        var s = MessageSummary.Compute(blob);

        Assert.Equal(("text", "plain"), (s.Body.MediaType, s.Body.MediaSubtype));
        Assert.Equal(0, s.Body.BodyStart);
        Assert.Equal(blob.Length, s.Body.End);
        Assert.Equal(blob.Length, s.Body.Size);
        Assert.Equal(2, s.Body.Lines);
        Assert.Null(s.Envelope.Subject);
    }

    [Fact]
    public void Serialization_round_trips_every_field()
    {
        var s = MessageSummary.Compute(Crlf(Mixed));

        var bytes = s.Serialize();
        var back = MessageSummary.Deserialize(bytes);

        Assert.Equal(bytes, back.Serialize());
        Assert.Equal(s.Size, back.Size);
        Assert.Equal(s.Body.Children[1].ContentMd5, back.Body.Children[1].ContentMd5);
        Assert.Equal(s.Body.Children[0].Children[0].Lines, back.Body.Children[0].Children[0].Lines);
        Assert.Null(back.Body.Children[1].Lines);
        Assert.Equal(s.Envelope.Subject, back.Envelope.Subject);
        Assert.True(bytes.Length < 1000);
    }

    [Fact]
    public void Deserialize_rejects_truncated_or_foreign_data()
    {
        var bytes = MessageSummary.Compute(Crlf(Simple)).Serialize();

        Assert.Throws<FormatException>(() => MessageSummary.Deserialize(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Throws<FormatException>(() => MessageSummary.Deserialize([99, 1, 2, 3]));
        Assert.Throws<FormatException>(() => MessageSummary.Deserialize([]));
    }

    [Fact]
    public void A_stream_summary_equals_the_in_memory_one()
    {
        var blob = Crlf(Mixed);

        var fromStream = MessageSummary.Compute(new MemoryStream(blob));

        Assert.Equal(MessageSummary.Compute(blob).Serialize(), fromStream.Serialize());
    }
}
